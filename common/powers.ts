// Roles × powers: what each role may see and do, per module — the one place it is written.
// The server's policies (access.policy.ts and the modules' *.policy.ts), the console's menu
// (web/src/app/navigation.ts) and the access-matrix test all read this table; adding a power is
// adding one line here. Where a power applies (the actor's jurisdiction, its own unit, its own
// reports) is the policies' business; how an actor relates to one case for the workflow
// (triage, lead handler, summoned …) stays with the workflow (common/workflow.ts).
// Shared with the web console: nothing here may import server code.
import { ROLES, type Role } from './roles.ts';

/** Everyone but residents: the people who work in the staff console. */
const STAFF: readonly Role[] = ROLES.filter((role) => role !== 'resident');

export const POWERS = {
  // The console: a resident's membership opens the residents' page (/m), not the staff console.
  'console:use': STAFF,

  // org — the unit tree, its maps and grids.
  'unit:read': STAFF,
  // Locating a point is how anyone, residents included, finds the grid for a report.
  'unit:locate': ROLES,
  // The base map (county outline, its grids and their names): public administrative geography that
  // every map draws under its pins, the residents' point picker included. Every role that signs in.
  'unit:base_map': ROLES,
  // issue 18 §3: creates, renames, moves and closes units of its area, draws grids, splits and merges them.
  'unit:manage': ['admin'],

  // auth, audit — accounts, memberships, the audit log.
  'user:read': ['admin'],
  'user:manage': ['admin'],
  'audit:read': ['admin'],

  // people — the registry of persons. Clear numbers only for roles that must call or identify them.
  'person:read': ['admin', 'leader', 'dispatcher', 'operator', 'department', 'grid_worker', 'mediator'],
  'person:create': ['admin', 'dispatcher', 'operator', 'grid_worker', 'mediator'],
  'person:reveal_phone': ['dispatcher', 'operator', 'department', 'grid_worker', 'mediator'],
  'person:reveal_id_number': ['operator', 'mediator'],
  // Finding someone by an exact phone or ID number (budgeted, audited with a purpose: a masked number
  // plus unlimited exact searches would give the number back). Others search by name.
  'person:lookup_exact': ['dispatcher', 'operator', 'mediator'],

  // calendar and categories — province-wide settings, managed by an administrator of the whole tree.
  'calendar:read': ROLES,
  'calendar:manage': ['admin'],
  'category:read': ROLES,
  'category:manage': ['admin'],

  // cases — intake, reading (three ways to see a case, below), evidence, the workbench, figures.
  'case:create': ['admin', 'dispatcher', 'operator', 'grid_worker', 'resident'],
  'case:read': ROLES,
  // Sees every case located in its jurisdiction (the map colours these).
  'case:read_area': ['admin', 'leader', 'dispatcher', 'operator', 'grid_worker', 'evaluator'],
  // Works the cases assigned to its unit: sees them, accepts and handles them, answers a whistle.
  'case:handle': ['department', 'mediator'],
  // Reports as itself, wherever the problem is (staff record cases in their own area), and
  // follows what it reported.
  'case:own_reports': ['resident'],
  // Adds photos and documents to a case it sees; a leader or evaluator oversees and adds nothing.
  'case:attach': ['admin', 'dispatcher', 'operator', 'department', 'grid_worker', 'mediator', 'resident'],
  // Has cases waiting for it (工作台); a leader's home is the dashboard.
  'case:workbench': ['admin', 'dispatcher', 'operator', 'department', 'grid_worker', 'mediator', 'evaluator'],
  // 回访: calls the reporters of resolved cases in its area back and records each attempt; the rating
  // itself is the workflow's `rate` (an operator on the call, or the reporter).
  'case:return_call': ['dispatcher', 'operator'],
  // Sees a case's caller number in clear (audited, with a reason, budgeted): the roles that call
  // people back. A handling department or grid worker works from the masked number.
  'case:reveal_reporter': ['dispatcher', 'operator', 'mediator'],
  // Dashboard figures over the cases in the jurisdiction; handlers and residents have their lists.
  'stats:read': ['admin', 'leader', 'dispatcher', 'evaluator'],
  // issue 16 — exports: the monthly Word report of a unit is the dashboard's figures, its children's
  // ranking and case numbers without personal data: whoever reads the dashboard may download it.
  'report:read': ['admin', 'leader', 'dispatcher', 'evaluator'],
  'notification:manage': ['admin'],
  // issue 15 import: bulk intake of a 12345 hotline export (.xlsx) into the importer's own area.
  'case:import': ['dispatcher', 'operator'],

  // mediation — files, hand-offs (诉调/警调/访调对接) and public hearings. Mediation is confidential:
  // the region roles over the area read files, the committee's mediators work them.
  'mediation:read': ['admin', 'leader', 'dispatcher', 'mediator', 'evaluator', 'department'],
  'mediation:oversee': ['admin', 'leader', 'dispatcher', 'evaluator'],
  'mediation:manage': ['mediator'],
  // Courts, police stations and petition offices are units whose members hold the department role;
  // the use case checks the sending unit's type.
  'referral:create': ['department'],
  'referral:read': ['admin', 'leader', 'dispatcher', 'department', 'mediator', 'evaluator'],
  // Acts for a unit at either end of a hand-off: the court, police station or petition office that
  // sends it, the committee that receives it; reads the files of the disputes it is part of.
  'referral:handle': ['department', 'mediator'],
  // 公开听证: a centre's dispatcher or a leader convenes; the lead committee's mediator may too.
  'hearing:read': ['admin', 'leader', 'dispatcher', 'operator', 'department', 'mediator', 'evaluator'],
  'hearing:manage': ['dispatcher', 'leader', 'mediator'],

  // issue 15 keys — service accounts: other systems (the 12345 platform, an Open311 client) calling
  // with an API key. An administrator manages the accounts bound to units of their area. The powers
  // below held by no role are reached only through a key's scopes (SCOPE_POWERS).
  'service_account:manage': ['admin'],
  // Open311 GeoReport v2 (/open311/v2) with a key of scope `open311`.
  'open311:use': [],
  // Pushes the hotline's own steps onto a case the platform sent (rate, reopen, cancel: see
  // EXTERNAL_STATUS_ACTIONS) with a key of scope `cases:update-status`.
  'case:external_status': [],
  // issue 15 inbox — notices to the staff who work cases (new assignment, summons, cards, supervision,
  // returns, ratings, hand-offs): read one's own inbox. An evaluator is a third party and is told
  // nothing; residents hear by SMS. A notice to a unit reaches its members holding this power.
  'inbox:read': ['admin', 'leader', 'dispatcher', 'operator', 'department', 'grid_worker', 'mediator'],
  // issue 15 knowledge — the operators' knowledge base and 直接答复 at intake. Every staff role reads
  // the articles that apply in its area (its own unit's, those of the units above it, those below
  // it); an administrator edits those of the units in its jurisdiction.
  'knowledge:read': STAFF,
  'knowledge:manage': ['admin'],
  // Records a caller's question and answers it at once from an article: the case is resolved at intake.
  'case:direct_answer': ['operator', 'dispatcher'],
  // issue 15 sms — the templates and the demo's SMS outbox (administrators; editing the province's
  // templates needs the whole tree), and a staff member's own opt-in to deadline cards by SMS.
  'sms:manage': ['admin'],
  'sms:subscribe': STAFF,
  // issue 17 — safety: the safety index (平安指数) is a dashboard figure over a jurisdiction: those
  // who read the dashboard read it; an administrator edits its weights and the populations. The
  // screening ledgers (排查台账): grid workers (who also stand for village staff) record screenings
  // and findings in their own grid or village; the region roles over the area read the ledgers and
  // the township's coverage. A finding becomes a case through intake (case:create).
  'safety:read': ['admin', 'leader', 'dispatcher', 'evaluator'],
  'safety:manage': ['admin'],
  'screening:read': ['admin', 'leader', 'dispatcher', 'operator', 'grid_worker', 'evaluator'],
  'screening:record': ['grid_worker'],
  // issue 17 warnings — early warnings over an area (repeat callers and places, group disputes, words
  // of escalation, hot spots, broken agreements). Read by the staff who answer for an area or work on
  // its ground (the centre's dispatchers and operators, leaders, grid workers, mediators); not by a
  // department, which sees only the cases sent to it, nor by a third-party evaluator. Acted on
  // (acknowledge, assign, dismiss, close) by those who direct the response: dispatchers and leaders.
  // The rules' thresholds are province-wide settings, like the categories: administrators.
  'warning:read': ['admin', 'leader', 'dispatcher', 'operator', 'grid_worker', 'mediator'],
  'warning:act': ['leader', 'dispatcher'],
  'warning:manage': ['admin'],
  // issue 17 legal — the legal library is published national law: every staff role reads it (a
  // mediator cites it, an operator answers a caller with it). Citing in a file is mediation:manage.
  'legal:read': STAFF,
  // issue 17 stability — 社会稳定风险评估 before a major decision of a unit in the area. The centre's
  // dispatchers (who run the county's dispute work) and leaders carry the assessment out and record
  // its stages; only a leader records the decision (proceed, adjust, postpone, stop), which is the
  // leadership's to take. Administrators and the third-party evaluators read the files (oversight,
  // the assessment of the centre's work); nobody else sees a decision still under assessment.
  'stability:read': ['admin', 'leader', 'dispatcher', 'evaluator'],
  'stability:manage': ['dispatcher', 'leader'],
  'stability:decide': ['leader'],
  // issue 17 suggest — category and lead-unit suggestions from a report's text: the roles that
  // register cases (intake) or triage them (the dispatch form); residents get none (the suggestion
  // reveals how the centre routes, and they pick from the public categories). An administrator
  // trains the models and reads their evaluation.
  'suggestion:read': ['admin', 'dispatcher', 'operator', 'grid_worker'],
  'suggestion:manage': ['admin'],
  // issue 16 — rankings and assessment (考核). Rankings and scores compare the units of an area, so
  // they are read by the roles that oversee the area (the same as dashboard figures): leaders,
  // centre dispatchers, administrators and the third-party evaluator. A department or committee
  // is one of the units ranked, and sees its own figures in its case list, not its peers'.
  'ranking:read': ['admin', 'leader', 'dispatcher', 'evaluator'],
  // Defines the scheme (new versions only) and recomputes stored scores: an administrator.
  'assessment:manage': ['admin'],
  // issue 16 — third-party evaluation (第三方评估). Only the evaluator draws samples, calls the
  // reporters and records what they said: a unit judged by the figures must not pick or call its own
  // sample. The evaluator reveals a number only for a case of a sample it can see (budgeted and
  // audited as every reveal is). Administrators and leaders read samples and the comparison (the
  // assessment uses the sampled ratings), with numbers masked.
  'evaluation:read': ['admin', 'leader', 'evaluator'],
  'evaluation:sample': ['evaluator'],
  'evaluation:reveal_phone': ['evaluator'],
  // issue 17 — 领导包案: the leaders a case is assigned to see the cases they answer for (the
  // assignment itself is the workflow's assign_leader, which dispatchers and leaders take).
  'case:leader_cases': ['leader'],
  // issue 18 — patrols and visits (巡查走访): a grid worker patrols its own grid (starts, sends its
  // track, records visits, turns a visit's finding into a case — which also needs case:create —
  // and finishes). A worker reads its own patrols only; the region roles over the area (the centre's
  // dispatchers, leaders, administrators) oversee every patrol in it, its track and the workers'
  // coverage of their grids.
  'patrol:record': ['grid_worker'],
  'patrol:read': ['admin', 'leader', 'dispatcher', 'grid_worker'],
  'patrol:oversee': ['admin', 'leader', 'dispatcher'],
  // Standard grid tasks (走访, 巡查, 排查, 宣传, 信息采集): the township's dispatchers and leaders (and
  // administrators) assign them to a grid or one of its workers with a due date; the grid's workers
  // see theirs and mark them done.
  'grid_task:assign': ['admin', 'leader', 'dispatcher'],
  'grid_task:read': ['admin', 'leader', 'dispatcher', 'grid_worker'],
  'grid_task:complete': ['grid_worker'],
  // issue 18 §7 — 心理服务转介: a grid worker, mediator or centre dispatcher refers a person at risk to
  // the county's psychological service team (a department unit of kind psych_service, ADR 0027). A
  // referral is confidential: only its referrer and the team's members see it — no leader,
  // administrator or evaluator, and no other dispatcher. The team's members hold the department role
  // in the team unit; psych:handle applies only to referrals sent to the unit of that membership.
  'psych:refer': ['dispatcher', 'grid_worker', 'mediator'],
  'psych:read': ['dispatcher', 'grid_worker', 'mediator', 'department'],
  'psych:handle': ['department'],
  // issue 18 workforce — 队伍建设: the staff registry (posts, training, evaluations, monthly figures)
  // and the cadres attached to grids. The region roles who oversee an area read it (administrators,
  // leaders, the centre's dispatchers, the third-party evaluator); an administrator keeps it. A
  // cadre's phone is shown masked to every reader.
  'workforce:read': ['admin', 'leader', 'dispatcher', 'evaluator'],
  'workforce:manage': ['admin'],
  // issue 18 base data (一标三实): houses, residents and enterprises of an area. Read by the roles that
  // answer for an area or walk it (administrators, leaders, the centre's dispatchers, grid workers in
  // their own grid); kept up to date (edits, .xlsx imports) by those who record it: not leaders, who
  // read. Key groups (common/base-data.ts) each name the power that shows them: the welfare groups
  // (elderly living alone, left-behind children) to every reader of base data; the groups under
  // special management (serious mental disorders, community corrections, released prisoners, drug
  // rehabilitation) only to administrators, the centre's dispatchers and grid workers — never to a
  // leader's read-only view, a department, an evaluator or a resident.
  'base_data:read': ['admin', 'leader', 'dispatcher', 'grid_worker'],
  'base_data:edit': ['admin', 'dispatcher', 'grid_worker'],
  'base_data:import': ['admin', 'dispatcher', 'grid_worker'],
  'key_group:welfare': ['admin', 'leader', 'dispatcher', 'grid_worker'],
  'key_group:special': ['admin', 'dispatcher', 'grid_worker'],
  // issue 18 §10 — a grid's cadres (ADR 0030): who they are, on the grid page and in a case's timeline
  // (a whistle that called them in): the roles who oversee the area (as workforce:read) and the
  // grid's own workers, who work beside them. Departments and residents see a role, never a name.
  'grid_cadre:read': ['admin', 'leader', 'dispatcher', 'evaluator', 'grid_worker'],
  // issue 18 §6 — emergency mode (应急状态, ADR 0029): a leader (or an administrator) declares an
  // emergency or a drill over an area of its jurisdiction and stands it down; every grid gets a
  // door-to-door list from the base data, which the grid's workers mark. The board (progress per
  // township and grid, people not reached, needs) is read by the roles who answer for the area or
  // walk it. The banner (kind, level, instructions: nothing personal) is shown to everyone whose
  // area an active emergency covers, residents included.
  'emergency:declare': ['admin', 'leader'],
  'emergency:read': ['admin', 'leader', 'dispatcher', 'grid_worker'],
  'emergency:mark': ['grid_worker'],
  'emergency:banner': ROLES,

  // issue 19 §3 — points and the civilisation bank (积分制, 文明银行): a resident holds points on its
  // account, earned by the rules (data an administrator edits), spent on the rewards of its village.
  // The earning rules are read by everyone (residents see how to earn); edited by an administrator.
  'points:rules_read': ROLES,
  'points:rules_manage': ['admin'],
  // A resident's own balance, ledger, redemptions; redeeming a reward of its village.
  'points:own': ['resident'],
  // The rewards catalogue (per village), the village leaderboard (masked names): everyone of the area.
  'points:catalogue': ROLES,
  // Staff who look a holder's ledger up and export ledgers and leaderboards of their area.
  'points:read': ['admin', 'leader', 'dispatcher', 'operator', 'grid_worker', 'evaluator'],
  // The village's counter staff: keep the rewards and their stock, check a redemption's code and hand over.
  'points:counter': ['admin', 'dispatcher', 'operator', 'grid_worker'],
  // Adjusts a balance with a reason (audited, a ledger entry of kind 'adjustment').
  'points:adjust': ['admin', 'leader'],
  // issue 19 §5 — the recognition board (好人好事): residents and staff nominate; the township's or
  // committee's staff review (approve with points, or reject with a reason); approved ones are public.
  'recognition:nominate': ['admin', 'leader', 'dispatcher', 'operator', 'grid_worker', 'resident'],
  'recognition:read': ['admin', 'leader', 'dispatcher', 'operator', 'grid_worker', 'evaluator'],
  'recognition:review': ['admin', 'leader', 'dispatcher'],
  // issue 19 §4 — credit records (信用记录, ADR 0034): seen only by the roles that decide on them —
  // the centre's dispatchers of the subject's area, its leaders, administrators. Not residents, not
  // departments, not mediators (a party's credit must not colour a mediation), not evaluators.
  // Everyone else finds no such thing (404). Dispatchers and administrators record, take objections
  // on a subject's behalf and decide them; the rules (scores, validity) and the city export are the
  // administrator's.
  'credit:read': ['admin', 'leader', 'dispatcher'],
  'credit:decide': ['admin', 'dispatcher'],
  'credit:rules': ['admin'],
  'credit:export': ['admin'],
  // issue 19 §2 — meetings (听证、协调、评议、议事): staff of the organising unit and of the units above it
  // read them (staff invited by name read the ones they are invited to); the roles who convene
  // meetings in their area schedule, reschedule, record attendance and minutes, close and cancel.
  'meeting:read': STAFF,
  'meeting:manage': ['admin', 'leader', 'dispatcher', 'grid_worker', 'mediator'],
  // issue 19 §1 — consultations (议事协商, ADR 0037): every staff role reads the topics of its area
  // (a topic is public to the people of its area); the region staff who run an area's affairs (the
  // centre's dispatchers, leaders, grid workers standing for village staff, administrators) raise
  // topics, moderate the discussion, set options, close with a decision, record its follow-up and
  // escalate. A resident takes part (supports, comments, reports a comment, votes) in the topics of
  // the area of its verified home only. Township and village staff verify a resident's home.
  'consultation:read': STAFF,
  'consultation:manage': ['admin', 'leader', 'dispatcher', 'grid_worker'],
  'consultation:take_part': ['resident'],
  'resident_home:verify': ['admin', 'dispatcher', 'grid_worker'],
  // issue 19 §6–§7 — community bodies, service projects, volunteers and notices (ADR 0035). Staff of an
  // area keep its bodies (业委会, 物业, 社会组织, 志愿服务队, 楼栋长) and their contacts; the number in clear
  // only to those who keep them, each reveal audited. A township or village publishes service projects
  // and notices; a social organisation acts through resident accounts linked to it (apply, claim,
  // progress); residents sign up to volunteer, rate completed projects of where they live, and read
  // the notices of where they live. A volunteer team's lead (a linked resident) logs its hours too.
  'community:read': ['admin', 'leader', 'dispatcher', 'operator', 'grid_worker', 'evaluator'],
  'community:manage': ['admin', 'dispatcher', 'grid_worker'],
  'service_project:publish': ['admin', 'dispatcher'],
  'service_project:read': ['admin', 'leader', 'dispatcher', 'operator', 'grid_worker', 'evaluator', 'resident'],
  'service_project:act': ['resident'],
  'service_project:rate': ['resident'],
  'volunteer:read': ['admin', 'leader', 'dispatcher', 'operator', 'grid_worker', 'evaluator', 'resident'],
  'volunteer:manage': ['admin', 'dispatcher', 'grid_worker'],
  'volunteer:join': ['resident'],
  'notice:publish': ['admin', 'dispatcher'],
  'notice:read': ['admin', 'leader', 'dispatcher', 'operator', 'grid_worker', 'evaluator'],
  'notice:mine': ['resident'],
} as const satisfies Record<string, readonly Role[]>;

export type Power = keyof typeof POWERS;

export const ALL_POWERS = Object.keys(POWERS) as Power[];

/** The roles that hold `power`. */
export function rolesWith(power: Power): readonly Role[] {
  return POWERS[power];
}

export function holds(role: Role, power: Power): boolean {
  return (POWERS[power] as readonly Role[]).includes(role);
}

/** What `role` may see and do: its column of the table. */
export function powersOf(role: Role): Power[] {
  return ALL_POWERS.filter((power) => holds(role, power));
}

// issue 15 keys — what an API key's scopes allow. A service account acts through one synthetic
// membership anchored at its unit whose powers are the union of its scopes' lines here, so can(),
// authorize() and the modules' policies answer for it as for a person; it never holds an admin
// power, 'console:use', or anything not listed.
export const SCOPES = ['cases:create', 'cases:read', 'cases:update-status', 'open311'] as const;

export type Scope = (typeof SCOPES)[number];

export const SCOPE_POWERS: Record<Scope, readonly Power[]> = {
  // Registering a case needs the categories and the grid of a point.
  'cases:create': ['case:create', 'category:read', 'unit:locate'],
  // Every case located inside the bound unit's jurisdiction.
  'cases:read': ['case:read', 'case:read_area', 'category:read'],
  // The hotline's own steps on the cases it sent: a rating from its return call, a re-handling
  // demand after an unsatisfied one, a withdrawal (EXTERNAL_STATUS_ACTIONS).
  'cases:update-status': ['case:read', 'case:external_status'],
  open311: ['open311:use', 'case:create', 'case:read', 'category:read', 'unit:locate'],
};

/** The workflow actions a key with `cases:update-status` may push on a case it created. */
export const EXTERNAL_STATUS_ACTIONS = ['rate', 'reopen', 'cancel'] as const;

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** The powers a set of scopes grants, without repeats. */
export function powersOfScopes(scopes: readonly Scope[]): Power[] {
  return [...new Set(scopes.flatMap((scope) => SCOPE_POWERS[scope]))];
}
