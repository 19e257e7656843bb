// strings.js: the Chinese names of the registry's enumerations.

export const ROLE_NAMES = {
  staff: '地名办工作人员',
  inspector: '界线巡检员',
  admin: '管理员',
};

export const LEVEL_NAMES = {
  province: '省',
  city: '市',
  county: '县',
  town: '镇',
  township: '乡',
  subdistrict: '街道',
  community: '社区居委会',
  village: '村委会',
};

// label(table, key): the Chinese name of key in table, else key itself.
export function label(table, key) {
  return table[key] || key || '';
}
