// Names for the generated API types (src/lib/api/schema.d.ts, from web/openapi.json). Nothing
// here is hand-written: every type is a path into the generated file.
import type { components, paths } from './schema';

export type { components, paths };
export type Schemas = components['schemas'];

type Get<P extends keyof paths> = paths[P] extends { get: infer O } ? O : never;

/** The JSON body of a GET's 200 answer. */
export type GetResponse<P extends keyof paths> =
  Get<P> extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

/** The query parameters of a GET. */
export type GetQuery<P extends keyof paths> =
  Get<P> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type TeamDashboard = GetResponse<'/api/v1/analytics/team'>;
export type PersonalDashboard = GetResponse<'/api/v1/analytics/me'>;
export type FlowDashboard = GetResponse<'/api/v1/analytics/flows/{tree_id}'>;
export type Summary = TeamDashboard['summary'];
export type OutcomeBreakdown = Summary['outcome_breakdown'];
export type DayPoint = TeamDashboard['time_series'][number];
export type TopFlow = Schemas['TopFlow'];
export type FlowDayPoint = FlowDashboard['time_series'][number];
export type TreeRatings = GetResponse<'/api/v1/trees/{tree_id}/ratings'>;
export type PeriodQuery = GetQuery<'/api/v1/analytics/team'>;
export type PresetPeriod = Schemas['Period'];
export type ErrorEnvelope = Schemas['ErrorEnvelope'];

export type Me = GetResponse<'/api/v1/me'>;
export type Capabilities = Me['can'];
export type TreeList = GetResponse<'/api/v1/trees'>;
export type TreeListQuery = GetQuery<'/api/v1/trees'>;
export type TreeDetail = GetResponse<'/api/v1/trees/{tree_id}'>;
