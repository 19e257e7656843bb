// draw.js: drawing one point, line or polygon on a Leaflet map by clicks,
// for the geometry of a new place; the result is GeoJSON in CGCS2000
// lon/lat (the map's coordinates, taken as they are).

import { leaflet } from './map.js';

// Drawing(map): clicks on map add vertices to the shape of the current kind.
export class Drawing {
  constructor(map, onChange) {
    this.L = leaflet();
    this.map = map;
    this.kind = 'point';
    this.points = [];
    this.layer = this.L.layerGroup().addTo(map);
    this.onChange = onChange || (() => {});
    map.on('click', (ev) => this.add(ev.latlng));
  }

  // setKind(kind): 'point', 'line' or 'polygon'; keeps the vertices.
  setKind(kind) {
    this.kind = kind;
    if (kind === 'point') this.points = this.points.slice(-1);
    this.redraw();
  }

  // add(latlng): one more vertex (a point replaces the previous one).
  add(latlng) {
    if (this.kind === 'point') this.points = [latlng];
    else this.points.push(latlng);
    this.redraw();
  }

  // undo(): removes the last vertex.
  undo() {
    this.points.pop();
    this.redraw();
  }

  // clear(): removes every vertex.
  clear() {
    this.points = [];
    this.redraw();
  }

  // redraw(): draws the vertices and the shape, then tells the listener.
  redraw() {
    const L = this.L;
    this.layer.clearLayers();
    const style = { color: '#b3261e', weight: 3, className: 'drawn-shape' };
    if (this.kind === 'line' && this.points.length >= 2) L.polyline(this.points, style).addTo(this.layer);
    if (this.kind === 'polygon' && this.points.length >= 3) L.polygon(this.points, style).addTo(this.layer);
    for (const p of this.points) {
      L.circleMarker(p, { radius: 5, color: '#b3261e', className: 'drawn-vertex' }).addTo(this.layer);
    }
    this.onChange(this.geometry());
  }

  // geometry(): GeoJSON of the shape, or null while it is not complete.
  geometry() {
    const c = this.points.map((p) => [Number(p.lng.toFixed(7)), Number(p.lat.toFixed(7))]);
    if (this.kind === 'point' && c.length === 1) return { type: 'Point', coordinates: c[0] };
    if (this.kind === 'line' && c.length >= 2) return { type: 'LineString', coordinates: c };
    if (this.kind === 'polygon' && c.length >= 3) return { type: 'Polygon', coordinates: [[...c, c[0]]] };
    return null;
  }
}
