import { Suspense, lazy, type ComponentType, type ReactNode } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import type { QueryClient } from '@tanstack/react-query';
import { Loading, PageHeader, EmptyState } from '@/components/ui';
import { getToken } from '@/lib/auth';
import { meQuery, useMe } from '@/lib/me';
import { readPeriod } from '@/lib/period';
import SignInPage from '@/features/auth/SignInPage';
import { myAnalyticsQuery, teamAnalyticsQuery } from '@/features/analytics/api';
import { flowAnalyticsQuery, treeQuery } from '@/features/flows/api';
import { Layout } from './Layout';
import { RequireAuth } from './RequireAuth';
import { analyticsHome } from './nav';

/**
 * A page loaded on demand whose chunk can be requested ahead (`preload`). Once the chunk is in,
 * the page renders at once: a plain `lazy` suspends on its first render even then, and React
 * holds a revealed Suspense boundary back for up to 300 ms.
 */
function preloadable(load: () => Promise<{ default: ComponentType }>) {
  let loaded: ComponentType | undefined;
  let pending: Promise<{ default: ComponentType }> | undefined;
  const preload = () =>
    (pending ??= load().then(
      (m) => {
        loaded = m.default;
        return m;
      },
      (e: unknown) => {
        pending = undefined;
        throw e;
      },
    ));
  const Lazy = lazy(preload);
  function Page() {
    const Loaded = loaded;
    return Loaded ? <Loaded /> : <Lazy />;
  }
  return { Page, preload };
}

// The chart pages are loaded on demand (My Analytics' and a flow's chunks carry Recharts).
const team = preloadable(() => import('@/features/analytics/TeamAnalyticsPage'));
const mine = preloadable(() => import('@/features/analytics/MyAnalyticsPage'));
const flow = preloadable(() => import('@/features/flows/FlowAnalyticsPage'));
const TeamAnalyticsPage = team.Page;
const MyAnalyticsPage = mine.Page;
const FlowAnalyticsPage = flow.Page;
const FlowsPage = lazy(() => import('@/features/flows/FlowsPage'));

/**
 * Starts what the page being opened needs, before React renders: its chunk, GET /me and the
 * page's data (with the query keys its hooks use, so they find the answer or the request in
 * flight). Team Analytics' data is asked for once GET /me says the role may read it, so a
 * role without it never sends a request the server refuses (the page then says "not
 * permitted").
 */
/** Team Analytics' data, once GET /me says the role may read it; whether it may. */
async function prefetchTeam(client: QueryClient, params: URLSearchParams): Promise<boolean> {
  const me = await client.fetchQuery(meQuery);
  if (!me.can.team_analytics) return false;
  await client.prefetchQuery(teamAnalyticsQuery(readPeriod(params), params.get('engineer_id')));
  return true;
}

export function preloadPage(client: QueryClient, loc: Pick<Location, 'pathname' | 'search'>) {
  const p = loc.pathname.replace(/^\/console/, '').replace(/\/$/, '');
  const params = new URLSearchParams(loc.search);
  const signedIn = getToken() !== null;
  const prefetch = (start: (c: QueryClient) => Promise<void>) => {
    if (signedIn) start(client).catch(() => undefined);
  };
  prefetch((c) => c.prefetchQuery(meQuery));
  const flowId = /^\/flows\/([^/]+)$/.exec(p)?.[1];
  if (p === '') {
    // The root sends admins to Team Analytics, everyone else to My Analytics, once GET /me
    // answers (`Home`): that page's request starts from GET /me's answer, not after the
    // redirect has rendered. Admins' chunk is the likeliest one, so it is asked for at once.
    void team.preload().catch(() => undefined);
    prefetch(async (c) => {
      if (await prefetchTeam(c, new URLSearchParams())) return;
      void mine.preload().catch(() => undefined);
      await c.prefetchQuery(myAnalyticsQuery(readPeriod(new URLSearchParams())));
    });
  } else if (p === '/analytics') {
    void team.preload().catch(() => undefined);
    prefetch((c) => prefetchTeam(c, params).then(() => undefined));
  } else if (p === '/analytics/me') {
    void mine.preload().catch(() => undefined);
    prefetch((c) => c.prefetchQuery(myAnalyticsQuery(readPeriod(params))));
  } else if (flowId) {
    void flow.preload().catch(() => undefined);
    let id: string;
    try {
      id = decodeURIComponent(flowId);
    } catch {
      return;
    }
    prefetch((c) => c.prefetchQuery(treeQuery(id)));
    prefetch((c) => c.prefetchQuery(flowAnalyticsQuery(id, readPeriod(params))));
  }
}
const SessionsPage = lazy(() => import('@/features/sessions/SessionsPage'));
const SessionPlayerPage = lazy(() => import('@/features/sessions/SessionPlayerPage'));
const ChatPage = lazy(() => import('@/features/chat/ChatPage'));
const ConversationPage = lazy(() => import('@/features/chat/ConversationPage'));
const AdminPage = lazy(() => import('@/features/admin/AdminPage'));

function page(node: ReactNode) {
  return <Suspense fallback={<Loading />}>{node}</Suspense>;
}

function Home() {
  const me = useMe();
  if (!me.data) return <Loading />;
  return <Navigate to={analyticsHome(me.data.can)} replace />;
}

function NotFound() {
  return (
    <div>
      <PageHeader title="Page not found" />
      <EmptyState>There is no page at this address.</EmptyState>
    </div>
  );
}

export const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <Layout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Home /> },
      { path: 'analytics', element: page(<TeamAnalyticsPage />) },
      { path: 'analytics/me', element: page(<MyAnalyticsPage />) },
      { path: 'flows', element: page(<FlowsPage />) },
      { path: 'flows/:id', element: page(<FlowAnalyticsPage />) },
      { path: 'sessions', element: page(<SessionsPage />) },
      { path: 'sessions/:id', element: page(<SessionPlayerPage />) },
      { path: 'chat', element: page(<ChatPage />) },
      { path: 'chat/:id', element: page(<ConversationPage />) },
      { path: 'admin', element: page(<AdminPage />) },
      { path: '*', element: <NotFound /> },
    ],
  },
];
