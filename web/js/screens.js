// screens.js: every screen of the console, the roles that see it and its
// place in the navigation.  A screen module's default export is
//   async render(main, ctx) -> optional cleanup function
// with ctx = {user, params, query, setTitle}.

const ALL = ['staff', 'inspector', 'admin'];
const STAFF = ['staff', 'admin'];
const INSPECTOR = ['inspector', 'admin'];

export const SCREENS = [
  { path: '/', nav: '首页', roles: ALL, load: () => import('./screens/home.js') },
  { path: '/places', nav: '地名', roles: STAFF, load: () => import('./screens/places.js') },
  { path: '/places/new', roles: STAFF, load: () => import('./screens/place-new.js') },
  { path: '/places/overdue', roles: STAFF, load: () => import('./screens/places-overdue.js') },
  { path: '/places/:id', roles: STAFF, load: () => import('./screens/place.js') },
  { path: '/doorplates', nav: '门牌', roles: STAFF, load: () => import('./screens/doorplates.js') },
  { path: '/doorplates/problems', roles: STAFF, load: () => import('./screens/doorplate-problems.js') },
  { path: '/doorplates/states', roles: STAFF, load: () => import('./screens/doorplate-states.js') },
  { path: '/inspect', nav: '巡检', roles: INSPECTOR, load: () => import('./screens/inspect.js') },
  { path: '/inspect/lines/:number', roles: INSPECTOR, load: () => import('./screens/inspect-line.js') },
  { path: '/inspect/markers/:id', roles: INSPECTOR, load: () => import('./screens/inspect-marker.js') },
  { path: '/rounds', nav: '联检轮次', roles: INSPECTOR, load: () => import('./screens/rounds.js') },
  { path: '/units', nav: '行政区划', roles: ALL, load: () => import('./screens/units.js') },
  { path: '/units/:code', roles: ALL, load: () => import('./screens/unit.js') },
  { path: '/audit', nav: '审计日志', roles: ['admin'], load: () => import('./screens/audit.js') },
  { path: '/settings', nav: '设置', roles: ALL, load: () => import('./screens/settings.js') },
];

// navFor(role): the screens listed in the navigation for role.
export function navFor(role) {
  return SCREENS.filter((s) => s.nav && s.roles.includes(role));
}
