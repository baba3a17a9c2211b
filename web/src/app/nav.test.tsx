import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Layout } from './Layout';
import { analyticsHome, navItems } from './nav';
import { me, renderAt } from '@/test/render';
import { getToken } from '@/lib/auth';

describe('permission-driven navigation', () => {
  it('sends admins to the team view and everyone else to theirs', () => {
    expect(analyticsHome(me('team_admin').can)).toBe('/analytics');
    expect(analyticsHome(me('engineer').can)).toBe('/analytics/me');
    expect(analyticsHome(me('viewer').can)).toBe('/analytics/me');
  });

  it('shows Admin to admin viewers only', () => {
    expect(navItems(me('team_admin').can).map((i) => i.label)).toEqual(['Analytics', 'Flows', 'Sessions', 'Chat', 'Admin']);
    expect(navItems(me('auditor').can).map((i) => i.label)).toEqual(['Analytics', 'Flows', 'Sessions', 'Chat', 'Admin']);
    expect(navItems(me('engineer').can).map((i) => i.label)).toEqual(['Analytics', 'Flows', 'Sessions', 'Chat']);
    expect(navItems(me('viewer').can).map((i) => i.label)).toEqual(['Analytics', 'Flows', 'Sessions', 'Chat']);
  });

  it('renders the sidebar of an engineer without Admin and without the team view', () => {
    renderAt('/analytics/me', [{ path: '/analytics/me', element: <Layout /> }], me('engineer'));
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Analytics' })).toHaveAttribute('href', '/analytics/me');
    expect(within(nav).queryByRole('link', { name: 'Admin' })).toBeNull();
    expect(within(nav).queryByRole('link', { name: 'Team' })).toBeNull();
  });

  it('renders the sidebar of an admin with both analytics views and Admin', () => {
    renderAt('/analytics', [{ path: '/analytics', element: <Layout /> }], me('team_admin'));
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Analytics' })).toHaveAttribute('href', '/analytics');
    expect(within(nav).getByRole('link', { name: 'Team' })).toHaveAttribute('href', '/analytics');
    expect(within(nav).getByRole('link', { name: 'Mine' })).toHaveAttribute('href', '/analytics/me');
    expect(within(nav).getByRole('link', { name: 'Admin' })).toHaveAttribute('href', '/admin');
  });

  it('forgets the token on Sign out', async () => {
    renderAt('/analytics', [{ path: '/analytics', element: <Layout /> }], me('team_admin'));
    expect(getToken()).not.toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(getToken()).toBeNull();
  });
});
