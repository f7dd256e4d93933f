// Strings of the console on a phone and of the field pages (上报, 就地化解, photos): the 'phone.' keys.
export const PHONE_MESSAGES = {
  'phone.nav.report': { zh: '上报', en: 'Report' },
  'phone.nav.myReports': { zh: '我的上报', en: 'My reports' },
  'phone.nav.more': { zh: '更多', en: 'More' },
  'phone.nav.menu': { zh: '主菜单', en: 'Main menu' },
  'phone.more.title': { zh: '更多', en: 'More' },

  'phone.cases.deadline': { zh: '期限', en: 'Due' },

  'phone.photo.take': { zh: '拍照', en: 'Take a photo' },
  'phone.photo.album': { zh: '从相册选择', en: 'From the album' },
  'phone.photo.remove': { zh: '移除', en: 'Remove' },
  'phone.photo.removeN': { zh: '移除第 {n} 张照片', en: 'Remove photo {n}' },
  'phone.photo.alt': { zh: '照片 {n}', en: 'Photo {n}' },
  'phone.photo.hasGps': { zh: '有定位', en: 'Located' },
  'phone.photo.working': { zh: '正在处理照片 {done}/{total}…', en: 'Preparing photos {done}/{total}…' },
  'phone.photo.unreadable': {
    zh: '无法读取图片“{name}”，请换一张照片',
    en: 'The image “{name}” cannot be read; choose another photo',
  },
  'phone.photo.tooMany': { zh: '最多 {max} 张照片', en: 'At most {max} photos' },
  'phone.photo.uploading': { zh: '正在上传照片 {done}/{total}…', en: 'Uploading photos {done}/{total}…' },
  'phone.photo.failed': {
    zh: '{count} 张照片未能上传：{reason}',
    en: '{count} photo(s) were not uploaded: {reason}',
  },
  'phone.photo.retry': { zh: '重新上传', en: 'Upload again' },

  'phone.stage.report': { zh: '上报照片', en: 'Reported' },
  'phone.stage.before': { zh: '处置前', en: 'Before' },
  'phone.stage.after': { zh: '处置后', en: 'After' },
  'phone.stage.result': { zh: '办理结果', en: 'Result' },
  'phone.stage.other': { zh: '其他', en: 'Other' },

  'phone.gallery.title': { zh: '现场照片', en: 'Photos' },
  'phone.gallery.empty': { zh: '暂无照片或附件', en: 'No photos or files' },
  'phone.gallery.by': { zh: '{name}（{role}）', en: '{name} ({role})' },
  'phone.gallery.located': { zh: '带定位', en: 'With position' },
  'phone.gallery.add': { zh: '添加照片', en: 'Add photos' },
  'phone.gallery.send': { zh: '上传 {count} 张照片', en: 'Upload {count} photo(s)' },
  'phone.gallery.sent': { zh: '照片已上传', en: 'Photos uploaded' },

  'phone.report.title': { zh: '上报问题', en: 'Report a problem' },
  'phone.report.category': { zh: '问题类别', en: 'Category' },
  'phone.report.description': { zh: '问题描述', en: 'What is the problem' },
  'phone.report.descriptionHint': {
    zh: '可点输入法上的话筒，用语音说出情况',
    en: 'Tap the microphone on the keyboard to dictate',
  },
  'phone.report.descriptionRequired': {
    zh: '请描述问题（至少 5 个字）',
    en: 'Describe the problem (5 characters at least)',
  },
  'phone.report.photos': { zh: '现场照片', en: 'Photos on the spot' },
  'phone.report.location': { zh: '问题位置', en: 'Where it is' },
  'phone.report.useGps': { zh: '使用照片中的位置', en: 'Use the position in the photo' },
  'phone.report.gpsOffered': {
    zh: '已使用照片中的拍摄位置，可在地图上拖动调整',
    en: 'The position the photo was taken at is used; drag the pin to adjust it',
  },
  'phone.report.noPoint': {
    zh: '不选位置时，事件记在您所在的网格',
    en: 'Without a point, the case is filed in your own grid',
  },
  'phone.report.outsideArea': {
    zh: '该位置不在您的辖区内，请在地图上重新选择',
    en: 'The point is outside your area; choose it again on the map',
  },
  'phone.report.address': { zh: '详细地址（可选）', en: 'Address (optional)' },
  'phone.report.addressPlaceholder': { zh: '路名、小区、门牌等', en: 'Street, estate, door' },
  'phone.report.submit': { zh: '提交上报', en: 'Submit the report' },
  'phone.report.creating': { zh: '正在提交…', en: 'Submitting…' },
  'phone.report.done': { zh: '已上报', en: 'Reported' },
  'phone.report.number': { zh: '事件编号：{number}', en: 'Case number: {number}' },
  'phone.report.photosSent': { zh: '已上传 {count} 张照片', en: '{count} photo(s) uploaded' },
  'phone.report.solveNow': { zh: '就地化解', en: 'Solve on the spot' },
  'phone.report.another': { zh: '继续上报', en: 'Report another' },
  'phone.report.open': { zh: '查看事件', en: 'Open the case' },
  'phone.report.notAllowed': {
    zh: '上报页面供网格员使用，其他岗位请在“受理”页面登记事件',
    en: 'This page is for grid workers; other staff register cases on the Intake page',
  },

  'phone.solve.title': { zh: '就地化解', en: 'Solve on the spot' },
  'phone.solve.intro': {
    zh: '现场已处理完毕的问题，拍下处置前后的照片，填写处理结果后办结。',
    en: 'For a problem handled on the spot: photos before and after, the result, and the case is resolved.',
  },
  'phone.solve.before': { zh: '处置前照片', en: 'Photos before' },
  'phone.solve.after': { zh: '处置后照片', en: 'Photos after' },
  'phone.solve.result': { zh: '处理结果', en: 'What was done' },
  'phone.solve.resultRequired': {
    zh: '请填写处理结果（至少 5 个字）',
    en: 'Describe what was done (5 characters at least)',
  },
  'phone.solve.submit': { zh: '办结', en: 'Resolve' },
  'phone.solve.notAllowed': {
    zh: '此事件当前不能由您就地化解（仅限本网格内待分拨的事件）',
    en: 'You cannot solve this case on the spot now (only open cases awaiting triage in your grid)',
  },
  'phone.solve.done': { zh: '已就地化解', en: 'Solved on the spot' },
  'phone.solve.conflict': {
    zh: '事件已被他人更新，请确认后重新办结',
    en: 'Someone else changed the case; check it and resolve again',
  },
  'phone.solve.back': { zh: '返回工作台', en: 'Back to the workbench' },

  'phone.myReports.title': { zh: '我的上报', en: 'My reports' },
  'phone.myReports.hint': {
    zh: '网格巡查上报的事件，最新的在前',
    en: 'Cases reported on grid patrol, newest first',
  },
  'phone.tasks.solve': { zh: '就地化解', en: 'Solve on the spot' },
} as const;
