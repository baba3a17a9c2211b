import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useToken } from '@/lib/auth';

/** Without a token (none yet, signed out, or ended by a 401): the sign-in page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const token = useToken();
  const location = useLocation();
  if (!token) return <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return <>{children}</>;
}
