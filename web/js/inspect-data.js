// inspect-data.js: what the inspection screens share: the words of marker
// conditions (B3) and actions (B4) with their colours on the map, and the
// round being worked on.

import { api } from './api.js';

// B3: a marker's condition, in the server's codes.
export const CONDITIONS = [
  { code: 'intact', zh: '完好', color: '#1e7a3c' },
  { code: 'faded', zh: '字迹模糊', color: '#b58900' },
  { code: 'damaged', zh: '损坏', color: '#d9480f' },
  { code: 'displaced', zh: '移位', color: '#7048e8' },
  { code: 'lost', zh: '丢失', color: '#c92a2a' },
  { code: 'refs_incomplete', zh: '方位物不齐', color: '#1c7ed6' },
];

// B4: what was done; the last three need both sides present.
export const ACTIONS = [
  { code: 'none', zh: '无', parties: false },
  { code: 'repainted', zh: '重新描字', parties: false },
  { code: 'repaired', zh: '维修', parties: true },
  { code: 'replaced', zh: '更换', parties: true },
  { code: 'reset', zh: '复位', parties: true },
];

// conditionColor(code): the map colour of a condition (grey if unknown).
export function conditionColor(code) {
  return CONDITIONS.find((c) => c.code === code)?.color || '#868e96';
}

// openRound(): the newest open round with its lines, or null when none is open.
export async function openRound() {
  const { rounds } = await api('/api/v1/rounds');
  const open = rounds.filter((r) => r.status === 'open').sort((a, b) => b.number - a.number);
  return open.length ? api(`/api/v1/rounds/${open[0].number}`) : null;
}

// TEAM_KEY: where this browser remembers the inspector's team.
const TEAM_KEY = 'diming.team';

// myTeam(): the team chosen on this device, or ''.
export function myTeam() {
  return localStorage.getItem(TEAM_KEY) || '';
}

// setMyTeam(team): remembers the team ('' for all).
export function setMyTeam(team) {
  localStorage.setItem(TEAM_KEY, team);
}

// distanceM(lon1, lat1, lon2, lat2): great-circle distance in metres (for
// showing how far the phone is from the marker; the server measures in
// EPSG:4544 for the record).
export function distanceM(lon1, lat1, lon2, lat2) {
  const r = 6371008.8;
  const rad = Math.PI / 180;
  const dlat = (lat2 - lat1) * rad;
  const dlon = (lon2 - lon1) * rad;
  const a = Math.sin(dlat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dlon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(a));
}
