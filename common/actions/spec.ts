// What a case action is, once: its request body (TypeBox, so the route, the OpenAPI document and
// the web form read the same fields), who may take it from which status, and how its event
// changes the workflow state. One file per action in this folder; the table is index.ts.
import { Type, type Static, type TInteger, type TLiteral, type TObject, type TProperties } from 'typebox';
import type { ActorRelation, CaseState, CaseStatus, ReplayedCase } from '../case-state.ts';

/** What a stored event of the action carries that the workflow state depends on. */
export interface EventData {
  rating?: unknown;
  approved?: unknown;
}

export type ActionRequest<Name extends string, Fields extends TProperties> = TObject<
  { action: TLiteral<Name>; version: TInteger } & Fields
>;

export interface ActionSpec<Name extends string = string, Fields extends TProperties = TProperties> {
  name: Name;
  /** The fields the action takes besides `action` and `version`. */
  fields: Fields;
  /** The whole request body: `{action, version, ...fields}`, no other property. */
  request: ActionRequest<Name, Fields>;
  /**
   * Where the action leads from `state` when this actor takes it, or null when it may not now.
   * `body` is absent when the question is whether to offer the action at all.
   */
  rule: (state: CaseState, who: ActorRelation, body?: Static<TObject<Fields>>) => CaseStatus | null;
  /** How the action's event changes the state beyond its status (replaying a timeline). */
  replay?: (state: ReplayedCase, data: EventData) => void;
}

export function defineAction<const Name extends string, Fields extends TProperties>(spec: {
  name: Name;
  fields: Fields;
  description: string;
  rule: ActionSpec<Name, Fields>['rule'];
  replay?: ActionSpec<Name, Fields>['replay'];
}): ActionSpec<Name, Fields> {
  const request = Type.Object(
    {
      action: Type.Literal(spec.name),
      version: Type.Integer({ minimum: 1, description: '读取时的版本号 / The version the client read' }),
      ...spec.fields,
    },
    { additionalProperties: false, title: `action_${spec.name}`, description: spec.description },
  ) as ActionRequest<Name, Fields>; // Type.Object's inferred type of a spread of generic properties is not this simple intersection.
  return {
    name: spec.name,
    fields: spec.fields,
    request,
    rule: spec.rule,
    ...(spec.replay ? { replay: spec.replay } : {}),
  };
}
