import { useState } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { RouterProvider, createBrowserRouter } from 'react-router';
import { makeQueryClient } from '@/lib/query';
import { routes } from './routes';

export const BASENAME = '/console';

/** The console; `client` may be given when requests were started before React rendered. */
export function App({ client: given }: { client?: QueryClient }) {
  const [client] = useState(() => given ?? makeQueryClient());
  const [router] = useState(() => createBrowserRouter(routes, { basename: BASENAME }));
  return (
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
