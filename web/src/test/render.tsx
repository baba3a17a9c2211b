// Test helpers: render a page inside the router and TanStack Query, with the signed-in user
// (GET /me) given, and answer the API's requests from a table of handlers.
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider, createMemoryRouter, useLocation } from 'react-router';
import { vi } from 'vitest';
import type { Me } from '@/lib/api/types';
import { meQueryKey } from '@/lib/me';
import { setToken } from '@/lib/auth';

export function me(role: 'team_admin' | 'engineer' | 'viewer' | 'auditor'): Me {
  const admin = role === 'team_admin';
  const viewer = admin || role === 'auditor';
  return {
    user: {
      id: '00000000-0000-7000-8000-000000000001',
      email: `${role}@demo.example`,
      name: `Demo ${role}`,
      role: role === 'auditor' ? 'engineer' : role,
      can_view_admin: role === 'auditor',
    },
    account: { id: '00000000-0000-7000-8000-0000000000aa', name: 'Demo MSP', timezone: 'UTC' },
    features: { feedback_enabled: true, nps_enabled: true },
    can: { team_analytics: admin, nps_manage: admin, admin_inbox: viewer, nps_read: viewer, audit: viewer },
  };
}

export function LocationProbe() {
  const l = useLocation();
  return <output aria-label="location">{`${l.pathname}${l.search}`}</output>;
}

export function renderAt(url: string, routes: { path: string; element: ReactElement }[], user: Me | null = me('team_admin')) {
  setToken('test.token.value');
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  if (user) client.setQueryData(meQueryKey, user);
  const router = createMemoryRouter(
    routes.map((r) => ({ path: r.path, element: (<>{r.element}<LocationProbe /></>) })),
    { initialEntries: [url] },
  );
  const utils = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...utils, router, client };
}

type Handler = (url: URL) => { status: number; body: unknown };

/** Replaces fetch: each request's path (without `/api/v1`) picks its handler; others are 404. */
export function mockApi(handlers: Record<string, Handler>) {
  const calls: URL[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    calls.push(url);
    const key = url.pathname.replace(/^\/api\/v1/, '');
    const h = handlers[key];
    const { status, body } = h ? h(url) : { status: 404, body: { error: { code: 'NOT_FOUND', message: 'no such route' } } };
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

export const ok = (body: unknown) => () => ({ status: 200, body });
export const fail = (status: number, code: string, message: string) => () => ({ status, body: { error: { code, message } } });
