// Query hooks of the admin page (GET /admin/feedback, /directory/users, /admin/nps,
// /nps/active; POST /admin/nps/campaigns, /admin/nps/campaigns/{id}/stop).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { GetQuery, Schemas } from '@/lib/api/types';

export type InboxQuery = GetQuery<'/api/v1/admin/feedback'>;
export type CreateCampaignBody = Schemas['CreateCampaignBody'];

export function useFeedbackInbox(query: InboxQuery, enabled = true) {
  return useQuery({
    queryKey: ['admin', 'feedback', query],
    queryFn: () => unwrap(api.GET('/api/v1/admin/feedback', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The account's active users, for the inbox's user filter. */
export function useDirectoryUsers(enabled = true) {
  return useQuery({
    queryKey: ['directory', 'users', 'all'],
    queryFn: () => unwrap(api.GET('/api/v1/directory/users', { params: { query: { limit: '100' } } })),
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function useNpsDashboard(campaignId: string | null, enabled = true) {
  return useQuery({
    queryKey: ['admin', 'nps', campaignId],
    queryFn: () => unwrap(api.GET('/api/v1/admin/nps', { params: { query: campaignId ? { campaign_id: campaignId } : {} } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** After a create or a stop: the dashboards and the survey's "is a campaign active" answer. */
function useInvalidateNps() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['admin', 'nps'] }),
      client.invalidateQueries({ queryKey: ['nps'] }),
    ]);
}

export function useCreateCampaign() {
  const invalidate = useInvalidateNps();
  return useMutation({
    mutationFn: (body: CreateCampaignBody) => unwrap(api.POST('/api/v1/admin/nps/campaigns', { body })),
    onSuccess: invalidate,
  });
}

export function useStopCampaign() {
  const invalidate = useInvalidateNps();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/admin/nps/campaigns/{id}/stop', { params: { path: { id } } })),
    onSuccess: invalidate,
  });
}
