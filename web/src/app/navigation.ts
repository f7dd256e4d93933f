// The console's menu. Each page names the power it needs (common/powers.ts, the table the API's
// policies read), so nobody is offered a page that would answer 403; the API still decides.
import type { Role } from '../../../common/roles.ts';
import { holds, type Power } from '../../../common/powers.ts';
import type { MessageKey } from '../shared/messages.ts';

export interface NavItem {
  path: string;
  label: MessageKey;
  /** The power that opens the page; a list: any one of them. */
  power: Power | readonly Power[];
}

export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: 'nav.workbench', power: 'case:workbench' },
  // issue 18: the grid worker's day on a phone (patrol, visits, tasks) — a tab right after reporting.
  { path: '/patrol', label: 'patrol.nav', power: 'patrol:record' },
  { path: '/dashboard', label: 'nav.dashboard', power: 'stats:read' },
  { path: '/cases', label: 'nav.cases', power: 'case:read' },
  // 考核排名 (issue 16): the roles that oversee an area compare its units.
  { path: '/rankings', label: 'rankings.nav', power: 'ranking:read' },
  { path: '/intake', label: 'nav.intake', power: 'case:create' },
  // 12345 工单导入: a hotline export in bulk (issue 15).
  { path: '/cases/import', label: 'import.nav', power: 'case:import' },
  // The files of their committee (mediators) or of their area (the region roles over it).
  { path: '/mediations', label: 'nav.mediations', power: ['mediation:oversee', 'mediation:manage'] },
  // Hand-offs: the courts, police stations and petition offices that send them, the committees that receive them.
  { path: '/referrals', label: 'nav.referrals', power: 'referral:handle' },
  // 公开听证 in the area: whoever reads hearings; convening is offered on the case page.
  { path: '/hearings', label: 'nav.hearings', power: 'hearing:read' },
  { path: '/map', label: 'nav.map', power: 'case:read_area' },
  // issue 18: the area's patrols, workers' coverage and the grid tasks assigned.
  { path: '/patrols', label: 'patrol.navSupervise', power: ['patrol:oversee', 'grid_task:assign'] },
  // Early warnings over the area (issue 17) and, for a province administrator, the rules' thresholds.
  { path: '/warnings', label: 'warnings.nav', power: 'warning:read' },
  { path: '/warnings/settings', label: 'warnings.navSettings', power: 'warning:manage' },
  // issue 17: the statutes mediators cite (every staff role), and 稳评 (the centre, leaders, oversight).
  { path: '/legal', label: 'legal.nav', power: 'legal:read' },
  { path: '/risk-assessments', label: 'stability.nav', power: 'stability:read' },
  // 平安指数 and 排查台账 (issue 17): the region roles read the index; grid workers record screenings.
  { path: '/safety-index', label: 'safety.nav', power: 'safety:read' },
  { path: '/screenings', label: 'screening.nav', power: 'screening:read' },
  // 队伍建设 (issue 18): the staff registry, certificates, grids without a worker, cadres in grids.
  { path: '/workforce', label: 'workforce.nav', power: 'workforce:read' },
  // issue 18 基础数据 (一标三实): houses, people and enterprises of the area; key groups as entitled.
  { path: '/base-data', label: 'baseData.nav', power: 'base_data:read' },
  { path: '/admin', label: 'nav.admin', power: ['user:manage', 'audit:read', 'calendar:manage', 'category:manage'] },
  // 回访: resolved cases waiting for the reporter's rating by phone.
  { path: '/return-calls', label: 'desk.nav.returnCalls', power: 'case:return_call' },
  // The user's own settings (issue 15: SMS alerts of deadline cards).
  { path: '/settings', label: 'sms.nav.settings', power: 'sms:subscribe' },
  // issue 16 第三方评估: the evaluator's samples and calling sheets (leaders and admins read them).
  { path: '/evaluation', label: 'evaluation.nav', power: 'evaluation:read' },
  // issue 17 领导包案: the cases the leader answers for.
  { path: '/leader-cases', label: 'leader.nav', power: 'case:leader_cases' },
  // issue 18 §7 心理服务转介: referrers see their own referrals, the county's team its list.
  { path: '/psych-referrals', label: 'psych.nav', power: 'psych:read' },
  // issue 18 §6 应急: the board of emergencies over the area; grid workers mark their households there.
  { path: '/emergencies', label: 'emergency.nav', power: 'emergency:read' },
  // issue 19 §3 文明积分银行: the counter, rewards, ledgers, leaderboards, rules; §5 好人好事 review.
  { path: '/points', label: 'points.nav', power: ['points:read', 'points:counter', 'points:rules_manage'] },
  { path: '/recognitions', label: 'recognition.nav', power: 'recognition:read' },
  // issue 19 §4 信用记录: only the roles that decide on credit (ADR 0034).
  { path: '/credit', label: 'credit.nav', power: 'credit:read' },
  // issue 19 §2 会议: hearings, coordination, evaluation and consultation meetings of the area.
  { path: '/meetings', label: 'meeting.nav', power: 'meeting:read' },
  // issue 19 §1 议事协商: topics of the area, moderated and decided by the staff who run them.
  { path: '/consultations', label: 'consult.nav', power: 'consultation:read' },
  // issue 19 §6–§7 社区共治: bodies, service projects, volunteers and notices of the area.
  { path: '/community', label: 'community.nav', power: 'community:read' },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  // Only the memberships that work in the console count: a resident's opens the residents' page.
  const staff = roles.filter((role) => holds(role, 'console:use'));
  return NAV_ITEMS.filter((item) => [item.power].flat().some((power) => staff.some((role) => holds(role, power))));
}

export function mayUse(roles: readonly Role[], path: string): boolean {
  return navFor(roles).some((item) => item.path === path);
}
