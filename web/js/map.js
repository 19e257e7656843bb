// map.js: Leaflet maps of the registry's own vector layers.  Coordinates
// come from the API in CGCS2000 lon/lat (EPSG:4490) and are drawn as they
// are: CGCS2000 and WGS 84 agree to well under a metre, so no conversion
// is needed for display.  A base-map tile layer is added only when one is
// configured (settings); without it the vector layers stand alone.

import { getSettings, tileUrlProblem } from './settings-store.js';

// leaflet(): the Leaflet global, or an Error saying how to install it.
export function leaflet() {
  if (!window.L) throw new Error('地图组件 Leaflet 未加载：请运行 scripts/web-deps 安装后重启服务。');
  return window.L;
}

// createMap(el, opts): a map in el with the configured base layer, if any.
// opts.onClick(latlng) is called for clicks on the map itself.  The view is
// set by fitTo() once there is data.
export function createMap(el, opts = {}) {
  const L = leaflet();
  const map = L.map(el, { keyboard: true, zoomSnap: 0.25, attributionControl: true, maxZoom: 19 });
  map.attributionControl.setPrefix('');
  const s = getSettings();
  if (s.tileUrl && !tileUrlProblem(s.tileUrl)) {
    const tileOpts = { maxZoom: 19, attribution: s.tileAttribution || '' };
    if (s.tileSubdomains) tileOpts.subdomains = s.tileSubdomains;
    L.tileLayer(s.tileUrl, tileOpts).addTo(map);
  }
  map.setView([0, 0], 2);
  if (opts.onClick) map.on('click', (ev) => opts.onClick(ev.latlng));
  return map;
}

// fitTo(map, layer): zooms the map to the layer's bounds when it has any,
// and again whenever the map's size changes (a phone turned, a window
// resized) until the user moves the map.
export function fitTo(map, layer, maxZoom = 17) {
  const b = layer.getBounds();
  if (!b.isValid()) return;
  const fit = () => map.fitBounds(b, { padding: [12, 12], maxZoom, animate: false });
  fit();
  map.on('resize', fit);
  const stop = () => map.off('resize', fit);
  for (const ev of ['pointerdown', 'wheel', 'keydown']) {
    map.getContainer().addEventListener(ev, stop, { once: true });
  }
}

// polygonLayer(features, opts): a GeoJSON layer of unit polygons, one SVG
// path per feature with the class opts.className and the feature's code in
// data-code; opts.onClick(feature) for clicks, opts.tooltip(feature) for
// the hover label, opts.style(f).
export function polygonLayer(features, opts = {}) {
  const L = leaflet();
  return L.geoJSON({ type: 'FeatureCollection', features }, {
    style: (f) => ({
      className: opts.className || 'unit-shape',
      color: '#1d4e89',
      weight: 1.5,
      fillColor: '#5b8fd1',
      fillOpacity: 0.15,
      ...(opts.style ? opts.style(f) : {}),
    }),
    onEachFeature: (f, layer) => {
      layer.on('add', () => { layer.getElement().dataset.code = f.properties.code; });
      if (opts.tooltip) layer.bindTooltip(opts.tooltip(f), { sticky: true });
      if (opts.onClick) layer.on('click', (ev) => { L.DomEvent.stopPropagation(ev); opts.onClick(f); });
    },
  });
}

// unitFeature(unit): a GeoJSON Feature of a unit read with ?geometry=1.
export function unitFeature(unit) {
  return {
    type: 'Feature',
    geometry: unit.geometry,
    properties: { code: unit.code, name: unit.name, level: unit.level },
  };
}
