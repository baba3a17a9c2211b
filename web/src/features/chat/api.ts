// Query hooks of the chat pages (conversations, messages, message feedback, sharing, the
// directory for the share dialog).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import type { GetResponse, Schemas } from '@/lib/api/types';

export type Conversation = GetResponse<'/api/v1/chat/conversations/{id}'>;
export type ConversationList = GetResponse<'/api/v1/chat/conversations'>;
export type Message = GetResponse<'/api/v1/chat/conversations/{id}/messages'>['items'][number];
export type Sharing = GetResponse<'/api/v1/chat/conversations/{id}/share'>;
export type Permission = Schemas['Permission'];
export type Scope = Schemas['Scope'];
export type MessageRating = Schemas['MessageRating'];

const convKey = (id: string) => ['conversation', id] as const;
const messagesKey = (id: string) => ['conversation', id, 'messages'] as const;
const shareKey = (id: string) => ['conversation', id, 'share'] as const;

export function useConversations(scope: Scope, page: number) {
  return useQuery({
    queryKey: ['conversations', scope, page],
    queryFn: () => unwrap(api.GET('/api/v1/chat/conversations', { params: { query: { scope, page: String(page), limit: '20' } } })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateConversation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (title: string) => unwrap(api.POST('/api/v1/chat/conversations', { body: { title } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['conversations'] }),
  });
}

export function useConversation(id: string) {
  return useQuery({
    queryKey: convKey(id),
    queryFn: () => unwrap(api.GET('/api/v1/chat/conversations/{id}', { params: { path: { id } } })),
  });
}

export function useMessages(id: string, enabled: boolean) {
  return useQuery({
    queryKey: messagesKey(id),
    queryFn: () => unwrap(api.GET('/api/v1/chat/conversations/{id}/messages', { params: { path: { id }, query: { limit: '100' } } })),
    enabled,
  });
}

export function usePostMessage(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (content: string) =>
      unwrap(api.POST('/api/v1/chat/conversations/{id}/messages', { params: { path: { id } }, body: { role: 'user', content } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: messagesKey(id) }),
  });
}

type FeedbackWrite = { messageId: string; rating: MessageRating | null; reason?: string | null; comment?: string | null };

/**
 * The caller's feedback on a message: PUT (rating, reason, comment) or DELETE (rating null).
 * Optimistic on the message list, rolled back when the API refuses.
 */
export function useMessageFeedback(conversationId: string) {
  const qc = useQueryClient();
  const key = messagesKey(conversationId);
  type List = GetResponse<'/api/v1/chat/conversations/{id}/messages'>;
  return useMutation({
    mutationFn: async ({ messageId, rating, reason, comment }: FeedbackWrite) => {
      if (rating === null) {
        await unwrap(api.DELETE('/api/v1/chat/messages/{id}/feedback', { params: { path: { id: messageId } } }));
        return null;
      }
      return unwrap(
        api.PUT('/api/v1/chat/messages/{id}/feedback', {
          params: { path: { id: messageId } },
          body: { rating, reason: reason ?? null, comment: comment ?? null },
        }),
      );
    },
    onMutate: async (w) => {
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData<List>(key);
      if (before) {
        qc.setQueryData<List>(key, {
          ...before,
          items: before.items.map((m) =>
            m.id !== w.messageId
              ? m
              : {
                  ...m,
                  feedback:
                    w.rating === null
                      ? null
                      : {
                          message_id: m.id,
                          rating: w.rating,
                          reason: w.reason ?? null,
                          comment: w.comment ?? null,
                          submitted_at: new Date().toISOString(),
                          submitted_by: m.feedback?.submitted_by ?? { user_id: '', email: '', name: '' },
                        },
                },
          ),
        });
      }
      return { before };
    },
    onError: (_e, _w, ctx) => {
      if (ctx?.before) qc.setQueryData(key, ctx.before);
    },
    onSuccess: (fb, w) => {
      const cur = qc.getQueryData<List>(key);
      if (cur && fb) qc.setQueryData<List>(key, { ...cur, items: cur.items.map((m) => (m.id === w.messageId ? { ...m, feedback: fb } : m)) });
    },
  });
}

export function useSharing(id: string, enabled: boolean) {
  return useQuery({
    queryKey: shareKey(id),
    queryFn: () => unwrap(api.GET('/api/v1/chat/conversations/{id}/share', { params: { path: { id } } })),
    enabled,
  });
}

type ShareBody = { user_emails?: string[]; team_ids?: string[]; permission?: Permission; is_public?: boolean; public_permission?: Permission };
type ShareUpdate = { permission: Permission; email?: string; team_id?: string; public?: true };

/** POST/PATCH/DELETE of the share dialog; each answer (the sharing state) replaces the cache. */
export function useShareActions(id: string) {
  const qc = useQueryClient();
  const key = shareKey(id);
  const done = (s: Sharing | null) => {
    if (s) qc.setQueryData(key, s);
    else void qc.invalidateQueries({ queryKey: key });
    void qc.invalidateQueries({ queryKey: convKey(id) });
  };
  const share = useMutation({
    mutationFn: (body: ShareBody) => unwrap(api.POST('/api/v1/chat/conversations/{id}/share', { params: { path: { id } }, body })),
    onSuccess: done,
  });
  const update = useMutation({
    mutationFn: (body: ShareUpdate) => unwrap(api.PATCH('/api/v1/chat/conversations/{id}/share', { params: { path: { id } }, body })),
    onSuccess: done,
  });
  const revoke = useMutation({
    mutationFn: async (t: { userId: string } | { teamId: string }) => {
      if ('userId' in t)
        await unwrap(api.DELETE('/api/v1/chat/conversations/{id}/share/users/{user_id}', { params: { path: { id, user_id: t.userId } } }));
      else await unwrap(api.DELETE('/api/v1/chat/conversations/{id}/share/teams/{team_id}', { params: { path: { id, team_id: t.teamId } } }));
      return null;
    },
    onSuccess: done,
  });
  return { share, update, revoke };
}

export function useDirectoryUsers(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['directory', 'users', q],
    queryFn: () => unwrap(api.GET('/api/v1/directory/users', { params: { query: { ...(q ? { q } : {}), limit: '8' } } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useDirectoryTeams(enabled: boolean) {
  return useQuery({
    queryKey: ['directory', 'teams'],
    queryFn: () => unwrap(api.GET('/api/v1/directory/teams', { params: { query: { limit: '100' } } })),
    enabled,
  });
}
