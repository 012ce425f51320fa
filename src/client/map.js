// The map of hosts and alumni: Leaflet over an offline basemap served by the app, with clusters
// computed on the server (/api/v1/map). The list beside the map has the same results and works
// without this script. No tile server and no request to another origin.
(function () {
  'use strict';
  var element = document.getElementById('map');
  if (!element || !window.L) return;
  var data = element.dataset;
  element.hidden = false;

  var europe = [
    [34, -12],
    [71, 35],
  ];
  var bounds = data.bounds ? data.bounds.split(',').map(Number) : null;
  var map = L.map(element, {
    minZoom: Number(data.minZoom),
    maxZoom: Number(data.maxZoom),
    maxBounds: [
      [20, -40],
      [75, 55],
    ],
    maxBoundsViscosity: 1,
    zoomControl: false,
  });
  L.control.zoom({ zoomInTitle: data.labelZoomIn, zoomOutTitle: data.labelZoomOut }).addTo(map);
  map.attributionControl.setPrefix('Leaflet');
  map.attributionControl.addAttribution('Natural Earth');
  map.fitBounds(
    bounds
      ? [
          [bounds[0], bounds[1]],
          [bounds[2], bounds[3]],
        ]
      : europe,
    { padding: [24, 24], maxZoom: 8 },
  );

  fetch(data.basemap)
    .then(function (response) {
      return response.json();
    })
    .then(function (geojson) {
      L.geoJSON(geojson, { interactive: false, style: { color: '#6b7c8c', weight: 1, fillColor: '#f4f1ea', fillOpacity: 1 } }).addTo(map);
    });

  var markers = L.layerGroup().addTo(map);

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) node.className = className;
    return node;
  }

  function entryHref(properties) {
    return (properties.kind === 'host' ? '/map/hosts/' : '/map/alumni/') + encodeURIComponent(properties.slug);
  }

  function popup(properties) {
    var box = document.createElement('div');
    box.appendChild(text('strong', properties.name));
    box.appendChild(text('div', (properties.kind === 'host' ? data.labelHost : data.labelAlumnus) + ' · ' + properties.city));
    var link = text('a', data.labelOpen);
    link.href = entryHref(properties);
    box.appendChild(link);
    return box;
  }

  // Entries in the same city share coordinates: spread them on a small circle so each stays reachable.
  function offset(index) {
    if (index === 0) return [0, 0];
    var angle = index * 2.4;
    var radius = 10 + 4 * Math.sqrt(index);
    return [Math.round(Math.cos(angle) * radius), Math.round(Math.sin(angle) * radius)];
  }

  function pointMarker(feature, latlng, index) {
    var properties = feature.properties;
    var shift = offset(index);
    var label = properties.name + ' — ' + (properties.kind === 'host' ? data.labelHost : data.labelAlumnus);
    var icon = L.divIcon({
      className: 'map-marker map-marker-' + properties.kind,
      iconSize: [22, 22],
      iconAnchor: [11 - shift[0], 11 - shift[1]],
    });
    return L.marker(latlng, { icon: icon, title: label, alt: label, keyboard: true }).bindPopup(popup(properties));
  }

  function clusterMarker(feature, latlng) {
    var properties = feature.properties;
    var label = data.labelCluster.replace('{count}', String(properties.point_count));
    var icon = L.divIcon({
      className: 'map-marker map-marker-cluster',
      html: text('span', String(properties.point_count_abbreviated)),
      iconSize: [40, 40],
    });
    var marker = L.marker(latlng, { icon: icon, title: label, alt: label, keyboard: true });
    marker.on('click', function () {
      map.setView(latlng, Math.max(properties.expansion_zoom, map.getZoom() + 1));
    });
    return marker;
  }

  function draw(collection) {
    markers.clearLayers();
    var stacked = {};
    var represented = 0;
    var clusters = 0;
    collection.features.forEach(function (feature) {
      var coordinates = feature.geometry.coordinates;
      var latlng = L.latLng(coordinates[1], coordinates[0]);
      if (feature.properties.cluster) {
        clusters += 1;
        represented += feature.properties.point_count;
        markers.addLayer(clusterMarker(feature, latlng));
        return;
      }
      var key = coordinates.join(',');
      stacked[key] = (stacked[key] || 0) + 1;
      represented += 1;
      markers.addLayer(pointMarker(feature, latlng, stacked[key] - 1));
    });
    // Read by the browser tests to compare the map with the list.
    element.dataset.represented = String(represented);
    element.dataset.clusters = String(clusters);
  }

  var pending = null;
  function refresh() {
    var view = map.getBounds();
    var clamp = function (value, limit) {
      return Math.max(-limit, Math.min(limit, value)).toFixed(4);
    };
    var bbox = [clamp(view.getWest(), 180), clamp(view.getSouth(), 85), clamp(view.getEast(), 180), clamp(view.getNorth(), 85)].join(',');
    var url = data.api + (data.api.indexOf('?') < 0 ? '?' : '&') + 'bbox=' + bbox + '&zoom=' + map.getZoom();
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url, { signal: pending.signal })
      .then(function (response) {
        return response.json();
      })
      .then(draw)
      .catch(function () {});
  }

  map.on('moveend', refresh);
  refresh();
})();
