// 队伍建设's lists as .xlsx sheets: the columns of the console's tables, in Chinese, written once.
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import { UNIT_KIND_LABELS } from '../../../common/labels.ts';
import { CADRE_ROLES, CERTIFICATE_STATES, EVALUATION_GRADES, STAFF_POSTS } from '../../../common/workforce.ts';
import type { CadreItem, CertificateAlert, GridWithoutWorkerItem, StaffListItem } from './workforce.ts';

export const STAFF_EXPORT_COLUMNS: readonly XlsxColumn<StaffListItem>[] = [
  { key: 'name', header: '姓名', width: 12 },
  { key: 'post', header: '岗位', width: 14, value: (s) => STAFF_POSTS[s.post].zh },
  { key: 'unitName', header: '所在网格/单位', width: 28 },
  { key: 'trainingHours', header: '累计培训学时', width: 12, type: 'number' },
  { key: 'certificate', header: '证书状态', width: 12, value: (s) => CERTIFICATE_STATES[s.certificate].zh },
  {
    key: 'latestGrade',
    header: '最近考核等次',
    width: 12,
    value: (s) => (s.latestGrade ? EVALUATION_GRADES[s.latestGrade].zh : ''),
  },
];

export const CERTIFICATE_EXPORT_COLUMNS: readonly XlsxColumn<CertificateAlert>[] = [
  { key: 'name', header: '姓名', width: 12 },
  { key: 'post', header: '岗位', width: 14, value: (c) => STAFF_POSTS[c.post].zh },
  { key: 'unitName', header: '所在网格/单位', width: 28 },
  { key: 'course', header: '培训课程', width: 28 },
  { key: 'certificateNo', header: '证书编号', width: 20 },
  { key: 'expiresOn', header: '有效期至', width: 12, type: 'date' },
  { key: 'certificate', header: '状态', width: 10, value: (c) => CERTIFICATE_STATES[c.certificate].zh },
  { key: 'daysLeft', header: '剩余天数', width: 10, type: 'number' },
];

export const GRID_EXPORT_COLUMNS: readonly XlsxColumn<GridWithoutWorkerItem>[] = [
  { key: 'code', header: '网格编码', width: 20 },
  { key: 'name', header: '网格名称', width: 28 },
  {
    key: 'kind',
    header: '网格类型',
    width: 16,
    value: (g) => (g.kind ? (UNIT_KIND_LABELS[g.kind]?.zh ?? g.kind) : ''),
  },
  { key: 'parentName', header: '所属村（社区）/街道', width: 24 },
];

export const CADRE_EXPORT_COLUMNS: readonly XlsxColumn<CadreItem>[] = [
  { key: 'gridName', header: '网格', width: 28 },
  { key: 'name', header: '姓名', width: 12 },
  { key: 'role', header: '身份', width: 12, value: (c) => CADRE_ROLES[c.role].zh },
  { key: 'organisation', header: '工作单位及职务', width: 28 },
  { key: 'phone', header: '联系电话（脱敏）', width: 16 },
];
