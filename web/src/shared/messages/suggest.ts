// Strings of the category and lead-unit suggestions (issue 17): the 'suggest.' keys.
import type { Bilingual } from '../bilingual.ts';

export const SUGGEST_MESSAGES = {
  'suggest.categories': { zh: '建议分类', en: 'Suggested categories' },
  'suggest.leadUnits': { zh: '建议承办单位', en: 'Suggested lead units' },
  'suggest.confidence': { zh: '{name} {percent}%', en: '{name} {percent}%' },
  'suggest.hint': {
    zh: '根据本中心以往的分派结果学习，点击即可填入；以您的选择为准，并用于下次训练',
    en: "Learnt from this centre's past decisions; click to fill in. Your choice decides, and the next training learns from it",
  },
  'suggest.models.tab': { zh: '智能分派模型', en: 'Suggestion models' },
  'suggest.models.intro': {
    zh: '分类和承办单位的建议由本中心已分派、已办结的案件训练而来；每晚自动重新训练，也可立即训练。宏平均 F1 由分层 5 折交叉验证得出（1 为全部正确）。',
    en: "Category and lead-unit suggestions are learnt from this centre's dispatched and resolved cases; retrained every night, or now on request. Macro-F1 comes from a stratified 5-fold cross-validation (1 means all correct).",
  },
  'suggest.models.retrain': { zh: '重新训练', en: 'Retrain now' },
  'suggest.models.requested': { zh: '已请求训练 v{version}', en: 'Training of v{version} requested' },
  'suggest.models.alreadyRunning': {
    zh: 'v{version} 正在训练，请等待其完成',
    en: 'v{version} is already being trained; wait for it to finish',
  },
  'suggest.models.progressPending': { zh: 'v{version} 等待训练…', en: 'v{version} is waiting to be trained…' },
  'suggest.models.progressTraining': {
    zh: 'v{version} 正在训练，完成后自动刷新…',
    en: 'Training v{version}; this page refreshes when it is done…',
  },
  'suggest.models.empty': { zh: '尚无训练的模型', en: 'No model trained yet' },
  'suggest.models.version': { zh: '版本', en: 'Version' },
  'suggest.models.status': { zh: '状态', en: 'Status' },
  'suggest.models.status.pending': { zh: '等待中', en: 'Pending' },
  'suggest.models.status.training': { zh: '训练中', en: 'Training' },
  'suggest.models.status.ready': { zh: '可用', en: 'Ready' },
  'suggest.models.status.failed': { zh: '失败', en: 'Failed' },
  'suggest.models.trigger': { zh: '来源', en: 'Trigger' },
  'suggest.models.trigger.request': { zh: '手动', en: 'On request' },
  'suggest.models.trigger.schedule': { zh: '每晚', en: 'Nightly' },
  'suggest.models.trainedAt': { zh: '训练时间', en: 'Trained at' },
  'suggest.models.size': { zh: '训练案件数', en: 'Training size' },
  'suggest.models.categoryF1': { zh: '分类宏 F1', en: 'Category macro-F1' },
  'suggest.models.leadUnitF1': { zh: '承办单位宏 F1', en: 'Lead-unit macro-F1' },
  'suggest.models.notEvaluated': { zh: '数据不足', en: 'Too little data' },
  'suggest.models.f1Help': {
    zh: '{folds} 折交叉验证，抽样 {sampled} 件',
    en: '{folds}-fold cross-validation on {sampled} cases',
  },
  'suggest.models.duration': { zh: '用时', en: 'Took' },
  'suggest.models.seconds': { zh: '{seconds} 秒', en: '{seconds} s' },
  'suggest.models.error': { zh: '失败原因', en: 'Reason' },
} satisfies Record<string, Bilingual>;
