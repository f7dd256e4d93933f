// Pure: takes personal data out of free text before the public sees it — phone numbers (mobiles,
// landlines, written with spaces, dashes, full-width or Chinese digits), ID numbers, e-mail
// addresses, street addresses and house numbers, estate names, the names the caller knows belong
// to the case (its reporter, its parties, their addresses) and the ways Chinese text names a
// person without a full name (张先生, 王女士, 李某某, 老王). It errs on the side of hiding: any
// run of seven digits or more goes, whatever it was (a date written 2026-11-05 stays).

/** What a hidden part is replaced with. */
export const HIDDEN = {
  number: '＊＊＊',
  name: '某某',
  address: '某处',
  estate: '某小区',
  email: '＊＊＊',
} as const;

/** The common Chinese surnames (百家姓, the few hundred that cover nearly everyone), compound ones first. */
const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
];
const SINGLE_SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎' +
  '余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文' +
  '庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍韦申尤毕聂丛焦向柳邢骆岳齐沙梅莫庄辛管祝左涂谷祁舒耿牟卜' +
  '路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵解强柴华车冉房边' +
  '辜吉饶刁瞿戚丘古米池滕晋苑邬臧畅宫嵺苟褚廉简娄盖符奚木穆党燕郎邸冀谈姬屠连郜晏栾郁商蒙计喻揭窦' +
  '迟宇敖糜鄢冷卓花仇艾蓝巩稽井练仲乐虞卞封竺冼原官衣楚佟栗匡宗台巫鞠僧桑荆谌银扬明粟';
const SURNAME = `(?:${COMPOUND_SURNAMES.join('|')}|[${SINGLE_SURNAMES}])`;

/** How text calls a person by surname: 张先生, 王女士, 李某某, 刘某, 赵师傅, 孙阿姨 … */
const HONORIFICS = [
  '某某',
  '某',
  '先生',
  '女士',
  '小姐',
  '师傅',
  '阿姨',
  '大爷',
  '大妈',
  '大娘',
  '大姐',
  '大哥',
  '大叔',
  '大婶',
  '老汉',
  '老太',
  '奶奶',
  '爷爷',
  '同学',
  '老师',
  '经理',
  '老板',
];
const SURNAME_CALLED = new RegExp(`${SURNAME}(?:${HONORIFICS.join('|')})`, 'gu');
/** 老王, 小张: only where the text goes on as it would after a name (not 小区, 小康的, 老城). */
const NICKNAME = new RegExp(
  `[老小]${SURNAME}(?=$|[\\s，。、；：！？,.;:!?（）()“”"']|说|称|反映|夫妇|两口|一家|等人)`,
  'gu',
);

/** A run of digits (with the separators people write numbers with) ending maybe in an ID's X. */
const DIGIT_RUN = /\d(?:[\s\-.()（）/]{0,2}\d)*[Xx]?/g;
/** A run as long as a phone number without its area code, or longer. */
const MIN_HIDDEN_DIGITS = 7;
const DATE = /^(?:19|20)\d{2}[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])$/;
/** Numbers read out in Chinese digits: 一三八一二三四五六七八. */
const CHINESE_DIGIT_RUN = /[〇零一二三四五六七八九幺两](?:[\s-]?[〇零一二三四五六七八九幺两]){6,}/gu;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Characters that end a word rather than begin a place name (反映和平小区 → 反映某小区). */
const NOT_IN_PLACE = '的在了于住是从到向对与及把被等映诉报称说该位近旁边内外里有个旧询请';
const PLACE_CHAR = `(?:(?![${NOT_IN_PLACE}])[\\u4e00-\\u9fff])`;
const NUMBER = '(?:\\d+|[一二三四五六七八九十百零〇]+|某+)';
/** 胜利西街123号, 和平路8号院, 东风街道3弄 … (a road's name alone stays: it is not anyone's home). */
const STREET_NUMBER = new RegExp(
  `${PLACE_CHAR}{1,8}(?:大街|大道|胡同|路|街|巷|弄|道|里)${NUMBER}(?:号院|号|弄)(?:${NUMBER}(?:号))?`,
  'gu',
);
/** 3号楼, 2单元, 501室, 12栋, 7层: the parts of a home's address. */
const HOUSE_PART = /(?:\d+|[一二三四五六七八九十]+)(?:号楼|栋|幢|单元|室|号房)/gu;
const ESTATE_SUFFIXES = [
  '小区',
  '花园',
  '新村',
  '家园',
  '华庭',
  '新苑',
  '公寓',
  '大厦',
  '宿舍',
  '山庄',
  '名苑',
  '雅苑',
  '嘉园',
  '佳苑',
  '花苑',
  '庭院',
  '家属院',
  '小镇',
];
const ESTATE = new RegExp(`${PLACE_CHAR}{2,6}(?:${ESTATE_SUFFIXES.join('|')})`, 'gu');

const FULL_WIDTH_DIGIT = /[０-９Ｘｘ]/g;
const toHalfWidth = (c: string) => String.fromCharCode(c.charCodeAt(0) - 0xfee0);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A known name or address as written in text: spaces may stand between its characters, and for a
 * Chinese personal name its given name alone (two characters or more) is hidden too.
 */
function knownPatterns(known: readonly string[]): RegExp[] {
  const names = new Set<string>();
  for (const raw of known) {
    const name = raw.replace(/\s+/g, '').trim();
    if ([...name].length < 2) continue;
    names.add(name);
    // 张建国 → 建国 (a given name is often written alone); 欧阳海燕 → 海燕.
    if (/^[\u4e00-\u9fff]{3,4}$/.test(name)) {
      const compound = COMPOUND_SURNAMES.find((s) => name.startsWith(s));
      const given = name.slice(compound ? compound.length : 1);
      if ([...given].length >= 2) names.add(given);
    }
  }
  return [...names]
    .sort((a, b) => b.length - a.length)
    .map((name) => new RegExp([...name].map(escapeRegExp).join('\\s*'), 'giu'));
}

/**
 * `text` without personal data. `knownNames` are the names (and addresses) of the case's own
 * people — its reporter, its parties — hidden wherever they appear, whatever they look like.
 */
export function scrubPersonalText(text: string, knownNames: readonly string[] = []): string {
  let out = text.replace(FULL_WIDTH_DIGIT, toHalfWidth);
  for (const pattern of knownPatterns(knownNames)) out = out.replace(pattern, HIDDEN.name);
  out = out.replace(EMAIL, HIDDEN.email);
  out = out.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/[^\dXx]/g, '').length;
    return digits < MIN_HIDDEN_DIGITS || DATE.test(run) ? run : HIDDEN.number;
  });
  out = out.replace(CHINESE_DIGIT_RUN, HIDDEN.number);
  out = out.replace(STREET_NUMBER, HIDDEN.address);
  out = out.replace(ESTATE, HIDDEN.estate);
  out = out.replace(HOUSE_PART, (part) => `某${/(号楼|栋|幢|单元|室|号房)$/u.exec(part)?.[0] ?? ''}`);
  out = out.replace(SURNAME_CALLED, (match) => {
    const honorific = HONORIFICS.find((h) => match.endsWith(h)) ?? '';
    return honorific.startsWith('某') ? HIDDEN.name : `某${honorific}`;
  });
  out = out.replace(NICKNAME, HIDDEN.name);
  return out;
}
