// GET /nps/active and POST /nps for the survey card.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { GetResponse } from '@/lib/api/types';

export type ActiveSurvey = GetResponse<'/api/v1/nps/active'>;
export const npsActiveKey = ['nps', 'active'] as const;

export function useActiveSurvey(enabled: boolean) {
  return useQuery({
    queryKey: npsActiveKey,
    queryFn: () => unwrap(api.GET('/api/v1/nps/active')),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useAnswerSurvey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { score: number; comment: string | null; campaign_id: string }) => unwrap(api.POST('/api/v1/nps', { body })),
    onSuccess: () => {
      const cur = qc.getQueryData<ActiveSurvey>(npsActiveKey);
      if (cur) qc.setQueryData<ActiveSurvey>(npsActiveKey, { ...cur, already_responded: true });
      void qc.invalidateQueries({ queryKey: npsActiveKey });
    },
    // Answered elsewhere, or the campaign ended: the server's answer decides what shows.
    onError: () => void qc.invalidateQueries({ queryKey: npsActiveKey }),
  });
}
