// Query hooks of the sessions pages (GET /sessions, /sessions/{id}, /trees/{id}; POST
// /sessions/{id}/complete, /sessions/{id}/rate, /steps/{id}/feedback; DELETE a thumb).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { GetQuery, GetResponse, Schemas } from '@/lib/api/types';

export type SessionsQuery = GetQuery<'/api/v1/sessions'>;
export type SessionList = GetResponse<'/api/v1/sessions'>;
export type SessionDetail = GetResponse<'/api/v1/sessions/{session_id}'>;
export type StepFeedback = SessionDetail['step_feedback'][number];
export type Outcome = Schemas['Outcome'];

export const sessionKey = (id: string) => ['session', id] as const;

export function useSessions(query: SessionsQuery) {
  return useQuery({
    queryKey: ['sessions', query],
    queryFn: () => unwrap(api.GET('/api/v1/sessions', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useSession(id: string) {
  return useQuery({
    queryKey: sessionKey(id),
    queryFn: () => unwrap(api.GET('/api/v1/sessions/{session_id}', { params: { path: { session_id: id } } })),
  });
}

export function useTree(id: string | undefined) {
  return useQuery({
    queryKey: ['tree', id],
    queryFn: () => unwrap(api.GET('/api/v1/trees/{tree_id}', { params: { path: { tree_id: id ?? '' } } })),
    enabled: !!id,
  });
}

/** The thumb of a step card: set (POST) or clear (DELETE). */
export type ThumbWrite = { stepId: string; nodeId: string; helpful: boolean | null };

/**
 * Thumbs are optimistic: the session's `step_feedback` changes at once and is rolled back
 * when the API refuses (the error is then shown on the card by the caller).
 */
export function useThumb(sessionId: string) {
  const qc = useQueryClient();
  const key = sessionKey(sessionId);
  return useMutation({
    mutationFn: async ({ stepId, nodeId, helpful }: ThumbWrite) => {
      if (helpful === null) {
        await unwrap(
          api.DELETE('/api/v1/steps/{step_id}/feedback/{session_id}', { params: { path: { step_id: stepId, session_id: sessionId } } }),
        );
        return null;
      }
      return unwrap(
        api.POST('/api/v1/steps/{step_id}/feedback', {
          params: { path: { step_id: stepId } },
          body: { session_id: sessionId, was_helpful: helpful, node_id: nodeId },
        }),
      );
    },
    onMutate: async (w) => {
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData<SessionDetail>(key);
      if (before) {
        const others = before.step_feedback.filter((f) => f.step_id !== w.stepId);
        const mine: StepFeedback[] =
          w.helpful === null ? [] : [{ step_id: w.stepId, node_id: w.nodeId, was_helpful: w.helpful, updated_at: new Date().toISOString() }];
        qc.setQueryData<SessionDetail>(key, { ...before, step_feedback: [...others, ...mine] });
      }
      return { before };
    },
    onError: (_e, _w, ctx) => {
      if (ctx?.before) qc.setQueryData(key, ctx.before);
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['analytics', 'flow'] });
    },
  });
}

export function useComplete(sessionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (outcome: Outcome) =>
      unwrap(api.POST('/api/v1/sessions/{session_id}/complete', { params: { path: { session_id: sessionId } }, body: { outcome } })),
    onSuccess: (s) => {
      const before = qc.getQueryData<SessionDetail>(sessionKey(sessionId));
      if (before) qc.setQueryData<SessionDetail>(sessionKey(sessionId), { ...before, ...s });
      void qc.invalidateQueries({ queryKey: ['sessions'] });
    },
  });
}

export function useRate(sessionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { rating: number; comment: string | null }) =>
      unwrap(api.POST('/api/v1/sessions/{session_id}/rate', { params: { path: { session_id: sessionId } }, body })),
    onSuccess: (rating) => {
      const before = qc.getQueryData<SessionDetail>(sessionKey(sessionId));
      if (before) qc.setQueryData<SessionDetail>(sessionKey(sessionId), { ...before, rating });
      void qc.invalidateQueries({ queryKey: ['sessions'] });
      void qc.invalidateQueries({ queryKey: ['ratings'] });
      void qc.invalidateQueries({ queryKey: ['analytics'] });
    },
  });
}
