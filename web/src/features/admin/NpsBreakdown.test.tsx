import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { NpsBreakdown } from './NpsBreakdown';

describe('NPS breakdown', () => {
  it("shows each category's count and the API's percentage, even when they do not sum to 100", () => {
    // [0, 0, 0, 9, 9, 9, 9, 7] → 50 / 13 / 38 (sums to 101, as the API rounds each on its own).
    render(
      <NpsBreakdown
        total={8}
        breakdown={{ promoters: 4, passives: 1, detractors: 3, promoter_pct: 50, passive_pct: 13, detractor_pct: 38 }}
      />,
    );
    const list = screen.getByRole('list', { name: 'NPS breakdown' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual(['Promoters', 'Passives', 'Detractors']);
    expect(within(list).getByRole('listitem', { name: 'Promoters' })).toHaveTextContent('Promoters50%4 responsesscores 9–10');
    expect(within(list).getByRole('listitem', { name: 'Passives' })).toHaveTextContent('Passives13%1 responsescores 7–8');
    expect(within(list).getByRole('listitem', { name: 'Detractors' })).toHaveTextContent('Detractors38%3 responsesscores 0–6');
    expect(screen.getByRole('img')).toHaveAccessibleName('Promoters 50%, Passives 13%, Detractors 38%');
  });

  it('says there is nothing yet when no one answered (null percentages)', () => {
    render(
      <NpsBreakdown
        total={0}
        breakdown={{ promoters: 0, passives: 0, detractors: 0, promoter_pct: null, passive_pct: null, detractor_pct: null }}
      />,
    );
    expect(screen.getByRole('img')).toHaveAccessibleName('No responses yet');
    expect(screen.getByRole('listitem', { name: 'Promoters' })).toHaveTextContent('—0 responses');
    expect(screen.getByRole('listitem', { name: 'Detractors' })).toHaveTextContent('—0 responses');
  });
});
