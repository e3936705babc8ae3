/* geomap map helpers (inlined into every map by geomap.explore).
 *
 * geomap_T holds the map's tables of HTML-escaped strings (escaped in Python by
 * geomap.explore.safe_text); every event is a row of 7 indices into them:
 * [k kind, d date, p place, a actors, f fatalities, x sentence, r source].
 *   T.k[i] = [category label, "event_type / sub_event_type", status, planned 0/1]
 *   T.d[i] = [long date text, short date, day ordinal or null]
 *   T.p[i] = [long place text, place name, geo_precision]
 *   T.a, T.f, T.x = strings;  T.r[i] = [source, is http(s) URL 0/1]
 */
var geomapDash = {1: null, 2: '2 5', 3: '8 6'};

function geomapProps(r) {
  var T = geomap_T;
  return {r: r, t: T.d[r[1]][2], p: T.p[r[2]][2], pl: T.k[r[0]][3]};
}

/* GeoJSON features from [[geometry, row], ...] and a flat point array
 * [x*1e5, y*1e5, row(7)] repeated. */
function geomapFeatures(shapes, flat) {
  var out = [], i;
  for (i = 0; i < shapes.length; i++) {
    out.push({type: 'Feature', geometry: shapes[i][0], properties: geomapProps(shapes[i][1])});
  }
  for (i = 0; i < flat.length; i += 9) {
    out.push({type: 'Feature',
      geometry: {type: 'Point', coordinates: [flat[i] / 1e5, flat[i + 1] / 1e5]},
      properties: geomapProps(flat.slice(i + 2, i + 9))});
  }
  return out;
}

function geomapTip(q) {
  var T = geomap_T, k = T.k[q.r[0]], d = T.d[q.r[1]], p = T.p[q.r[2]];
  return k[0] + (p[1] ? ' \u2014 ' + p[1] : '') + (d[1] ? ' (' + d[1] + ')' : '');
}

function geomapPopup(q) {
  var T = geomap_T, r = q.r, k = T.k[r[0]], d = T.d[r[1]], p = T.p[r[2]], src = T.r[r[6]];
  function row(name, v) { return v ? '<tr><th>' + name + '</th><td>' + v + '</td></tr>' : ''; }
  var s = src[0];
  if (s && src[1]) {
    s = '<a href="' + s + '" target="_blank" rel="noopener noreferrer">' + s + '</a>';
  }
  return '<div class="geomap-popup"><div class="geomap-head">' + k[0]
    + ' <span class="geomap-status' + (k[3] ? ' geomap-planned' : '') + '">' + k[2]
    + '</span></div><div class="geomap-type">' + k[1] + '</div><table>'
    + row('Date', d[0]) + row('Actors', T.a[r[3]]) + row('Fatalities', T.f[r[4]])
    + row('Place', p[0]) + '</table>'
    + (T.x[r[5]] ? '<blockquote>' + T.x[r[5]] + '</blockquote>' : '')
    + (s ? '<div class="geomap-source">Source: ' + s + '</div>' : '') + '</div>';
}

function geomapBind(feature, layer) {
  var q = feature.properties;
  layer.bindTooltip(function () { return geomapTip(q); }, {sticky: !layer.getLatLng});
  layer.bindPopup(function () { return geomapPopup(q); }, {maxWidth: 380});
}

/* Path style: lines and area outlines by geo precision; circle markers for points. */
function geomapStyle(f, color) {
  var q = f.properties, t = f.geometry.type, dash = geomapDash[q.p] || null;
  if (t === 'Point' || t === 'MultiPoint') {
    return {radius: 6, weight: q.p > 1 ? 1.5 : 1, opacity: 1, dashArray: dash,
      color: q.pl ? color : (q.p > 1 ? '#222' : '#fff'), fillColor: q.pl ? '#fff' : color,
      fillOpacity: 0.9};
  }
  var line = t.indexOf('LineString') >= 0;
  return {color: color, weight: line ? 4 : 2, opacity: q.pl ? 0.6 : 0.95, fill: !line,
    fillColor: color, fillOpacity: q.pl ? 0.06 : 0.2, dashArray: dash};
}

/* Points: DivIcon dots (clusterable, glyph inside) or canvas circle markers. */
function geomapPoint(f, ll, color, glyph, marker) {
  var q = f.properties;
  if (!marker) { return L.circleMarker(ll, geomapStyle(f, color)); }
  var style = 'background:' + (q.pl ? '#fff' : color) + ';color:' + (q.pl ? color : '#fff')
    + (q.pl ? ';border-color:' + color : '');
  return L.marker(ll, {icon: L.divIcon({className: 'geomap-icon', iconSize: [22, 22],
    html: '<div class="geomap-dot geomap-p' + q.p + '" style="' + style + '">' + glyph
      + '</div>'})});
}

function geomapClusterIcon(color) {
  return function (cluster) {
    var n = cluster.getChildCount(), d = n < 10 ? 28 : n < 100 ? 34 : n < 1000 ? 40 : 46;
    return L.divIcon({className: 'geomap-cluster-icon', iconSize: [d, d],
      html: '<div class="geomap-cluster" style="background:' + color + ';width:' + d
        + 'px;height:' + d + 'px;line-height:' + (d - 6) + 'px">' + n + '</div>'});
  };
}

/* Date slider: hide features dated after days[i]; undated ones stay. */
function geomapTimeSlider(map, groups, days, labels, note) {
  groups.forEach(function (g) { g.all = g.geo.getLayers(); });
  function apply(limit) {
    groups.forEach(function (g) {
      var hide = [], show = [];
      g.all.forEach(function (l) {
        var t = l.feature.properties.t, h = t != null && t > limit;
        if (h && !l._geomapHidden) { hide.push(l); l._geomapHidden = true; }
        else if (!h && l._geomapHidden) { show.push(l); l._geomapHidden = false; }
      });
      if (g.box.removeLayers) { g.box.removeLayers(hide); g.box.addLayers(show); }
      else {
        hide.forEach(function (l) { g.box.removeLayer(l); });
        show.forEach(function (l) { g.box.addLayer(l); });
      }
    });
  }
  var c = L.control({position: 'bottomleft'});
  c.onAdd = function () {
    var d = L.DomUtil.create('div', 'geomap-time'), n = days.length - 1;
    d.innerHTML = '<label>Events up to <b class="geomap-time-label"></b><br>'
      + '<input type="range" min="0" step="1" max="' + n + '" value="' + n + '"></label>'
      + '<div class="geomap-note"></div>';
    L.DomEvent.disableClickPropagation(d);
    L.DomEvent.disableScrollPropagation(d);
    var input = d.querySelector('input'), out = d.querySelector('.geomap-time-label');
    d.querySelector('.geomap-note').textContent = note;
    input.addEventListener('input', function () {
      var i = +input.value;
      out.textContent = labels[i];
      apply(days[i]);
    });
    out.textContent = labels[n];
    return d;
  };
  c.addTo(map);
}

/* Show a layer only from a zoom level on. */
function geomapMinZoom(map, layer, zoom) {
  function toggle() {
    if (map.getZoom() >= zoom) { if (!map.hasLayer(layer)) { map.addLayer(layer); } }
    else if (map.hasLayer(layer)) { map.removeLayer(layer); }
  }
  map.on('zoomend', toggle);
  toggle();
}
