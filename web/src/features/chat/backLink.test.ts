import { describe, expect, it } from 'vitest';
import { backToFeedback } from './backLink';

describe('Back to Feedback', () => {
  it('goes to the feedback tab by default', () => {
    expect(backToFeedback('', null)).toBe('/admin?tab=feedback');
  });
  it('keeps the admin query string passed in ?back=, with tab=feedback first', () => {
    const back = encodeURIComponent('rating=negative&tab=feedback&page=2');
    expect(backToFeedback(`?back=${back}`, null)).toBe('/admin?tab=feedback&rating=negative&page=2');
  });
  it('reads router state when there is no ?back=', () => {
    expect(backToFeedback('', { adminSearch: '?tab=feedback&user_id=u1' })).toBe('/admin?tab=feedback&user_id=u1');
    expect(backToFeedback('?back=rating%3Dpositive', { adminSearch: '?user_id=u1' })).toBe('/admin?tab=feedback&rating=positive');
  });
  it('never leaves the Admin page', () => {
    expect(backToFeedback(`?back=${encodeURIComponent('https://evil.example/')}`, null)).toBe('/admin?tab=feedback&https%3A%2F%2Fevil.example%2F=');
    expect(backToFeedback('?back=tab%3Dnps', null)).toBe('/admin?tab=feedback');
  });
});
