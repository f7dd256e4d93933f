// The map's strings (features/map and the console map page), Chinese first.
import type { Bilingual } from '../bilingual.ts';

export const MAP_MESSAGES = {
  'map.title': { zh: '事件地图', en: 'Case map' },
  'map.countyPlaceholder': { zh: '输入区县名称', en: 'Type a county name' },
  'map.grids': { zh: '网格', en: 'Grids' },
  'map.inView': { zh: '当前视野内', en: 'In view' },
  'map.noGrids': { zh: '该区县暂无网格边界数据', en: 'No grid boundaries for this county' },
  'map.missingBoundaries': {
    zh: '{count} 个网格的边界未能载入',
    en: 'The boundaries of {count} grids could not be loaded',
  },

  // The base layer and the pins.
  'map.baseLayerFailed': {
    zh: '底图未能载入，仍可使用定位按钮确定位置',
    en: 'The base map did not load; the location button still works',
  },
  'map.baseLayerMissing': { zh: '底图未能载入', en: 'The base map did not load' },
  'map.loadingCases': { zh: '正在载入事件…', en: 'Loading cases…' },
  'map.status': { zh: '状态', en: 'Status' },
  'map.allStatuses': { zh: '全部状态', en: 'All statuses' },
  'map.dateFrom': { zh: '受理起始日', en: 'Registered from' },
  'map.dateTo': { zh: '受理截止日', en: 'Registered until' },
  'map.overdueRing': { zh: '红圈：已超期', en: 'Red ring: overdue' },
  'map.heat': { zh: '热力图', en: 'Heat map' },
  'map.overdueTag': { zh: '超期', en: 'Overdue' },
  'map.cluster': { zh: '此处 {count} 件，点击放大', en: '{count} cases here; click to zoom in' },
  'map.clustered': {
    zh: '事件较密，已按位置聚合；放大后显示单个事件',
    en: 'Dense cases are grouped by place; zoom in to see each one',
  },
  'map.noneInView': { zh: '当前视野内没有事件', en: 'No cases in view' },
  'map.moreInView': { zh: '另有 {count} 件，放大地图查看', en: '{count} more; zoom in to see them' },
  'map.openCase': { zh: '点击图钉查看事件', en: 'Tap a pin to open its case' },
  'map.heatLow': { zh: '少', en: 'Fewer' },
  'map.heatHigh': { zh: '多', en: 'More' },
  'map.resetView': { zh: '全区县', en: 'Whole county' },

  // The point picker and the point view.
  'map.pickHint': {
    zh: '点击地图选择位置，可拖动图钉微调',
    en: 'Tap the map to place the point; drag the pin to adjust it',
  },
  'map.useMyLocation': { zh: '使用我的位置', en: 'Use my location' },
  'map.locating': { zh: '正在定位…', en: 'Finding your location…' },
  'map.gpsDenied': {
    zh: '未获得定位权限，请在地图上点选位置',
    en: 'Location permission was not given; tap the map instead',
  },
  'map.gpsUnavailable': { zh: '暂时无法定位，请在地图上点选位置', en: 'No location right now; tap the map instead' },
  'map.gpsUnsupported': { zh: '此浏览器不支持定位', en: 'This browser cannot give a location' },
  'map.coords': { zh: '经度 {lng}，纬度 {lat}', en: 'Longitude {lng}, latitude {lat}' },
  'map.inGrid': { zh: '所在网格：{grid}', en: 'Grid: {grid}' },
  'map.notInGrid': { zh: '不在任何网格内', en: 'Not in any grid' },
  'map.findingGrid': { zh: '正在查找所在网格…', en: 'Finding the grid…' },
  'map.gridUnknown': { zh: '未能查到所在网格', en: 'The grid could not be found' },
  'map.noPoint': { zh: '尚未选择位置', en: 'No point chosen yet' },
  'map.pointLabel': { zh: '地图位置', en: 'Place on the map' },
} as const satisfies Record<string, Bilingual>;
