import { Suspense, lazy, type ReactNode } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { Loading, PageHeader, EmptyState } from '@/components/ui';
import { useMe } from '@/lib/me';
import SignInPage from '@/features/auth/SignInPage';
import { Layout } from './Layout';
import { RequireAuth } from './RequireAuth';
import { analyticsHome } from './nav';

// The chart pages are loaded on demand (their chunk carries Recharts).
const loadTeam = () => import('@/features/analytics/TeamAnalyticsPage');
const loadMine = () => import('@/features/analytics/MyAnalyticsPage');
const loadFlow = () => import('@/features/flows/FlowAnalyticsPage');
const TeamAnalyticsPage = lazy(loadTeam);
const MyAnalyticsPage = lazy(loadMine);
const FlowsPage = lazy(() => import('@/features/flows/FlowsPage'));
const FlowAnalyticsPage = lazy(loadFlow);

/** Starts loading the chunk of the page being opened while GET /me is in flight. */
export function preloadPage(pathname: string) {
  const p = pathname.replace(/^\/console/, '').replace(/\/$/, '');
  const load = p === '/analytics' || p === '' ? loadTeam : p === '/analytics/me' ? loadMine : p.startsWith('/flows/') ? loadFlow : null;
  void load?.().catch(() => undefined);
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
