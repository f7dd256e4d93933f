// The residents' page (/m): the strings added for issue 14 (rating with a confirm step, the
// result and its photos, the steps, the point and the photos of a report, following a case).
import type { Bilingual } from '../bilingual.ts';

export const RESIDENT_MESSAGES = {
  'resident.loading': { zh: '正在加载', en: 'Loading' },
  'resident.categoryPlaceholder': { zh: '请选择问题类别', en: 'Choose the kind of problem' },
  'resident.pointOption': { zh: '指定具体位置', en: 'Give the exact place' },
  'resident.pointRequired': { zh: '请先确定位置，或选择所在社区', en: 'Set the place first, or choose your community' },
  'resident.photos': { zh: '现场照片（可选，最多 6 张）', en: 'Photos (optional, up to 6)' },
  'resident.photosOpen': { zh: '拍照或从相册选择', en: 'Take or choose photos' },
  'resident.photoAdd': { zh: '继续添加照片（还可添加 {left} 张）', en: 'Add more photos ({left} left)' },
  'resident.photoShrinking': { zh: '正在处理照片……', en: 'Preparing the photos…' },
  'resident.photoN': { zh: '照片 {n}', en: 'Photo {n}' },
  'resident.photoRemove': { zh: '删除照片 {n}', en: 'Remove photo {n}' },
  'resident.photoUnreadable': { zh: '无法读取这些照片：{names}', en: 'These photos could not be read: {names}' },
  'resident.reportedAt': { zh: '反映时间：', en: 'Reported: ' },
  'resident.reportPhotos': { zh: '现场照片', en: 'Photos of the problem' },
  'resident.resultPhotos': { zh: '办理结果照片', en: 'Photos of the result' },
  'resident.steps': { zh: '办理进度（{n} 步）', en: 'Progress ({n} steps)' },
  'resident.rateYours': { zh: '您的评价：', en: 'Your rating: ' },
  'resident.rateComment': { zh: '评价意见', en: 'Comment' },
  'resident.rateCommentOptional': { zh: '评价意见（可选）', en: 'Comment (optional)' },
  'resident.rateCommentPlaceholder': { zh: '可以说说办理得怎么样', en: 'How was it handled?' },
  'resident.rateNext': { zh: '提交评价', en: 'Submit rating' },
  'resident.rateConfirmTitle': { zh: '请确认您的评价', en: 'Please confirm your rating' },
  'resident.rateFinalNote': { zh: '评价提交后不能修改。', en: 'A rating cannot be changed once sent.' },
  'resident.rateUnsatisfiedNote': {
    zh: '评价提交后不能修改；不满意的事件将由综治中心复核，必要时重新办理。',
    en: 'A rating cannot be changed once sent; the centre reviews an unsatisfied case and has it handled again if needed.',
  },
  'resident.rateConfirm': { zh: '确认提交', en: 'Confirm' },
  'resident.rateBack': { zh: '返回修改', en: 'Change it' },
  'resident.trackIntro': {
    zh: '无需登录：输入事件编号和反映时留下的手机号后四位即可查询办理进度。',
    en: 'No account needed: enter the case number and the last four digits of the phone given with the report.',
  },
  'resident.numberPlaceholder': { zh: '例如 370702-2026-000123', en: 'e.g. 370702-2026-000123' },
  'resident.trackSubmit': { zh: '查询进度', en: 'Look up' },
} as const satisfies Record<string, Bilingual>;
