/* The Leaflet map's own scripts (layers/folium_map.py).
 *
 * Each page element of the map calls one of these with its data, as JSON, in a line
 * of its own: `var gpDataVillages = gpSource({...}, 5);`. Defined on `window` (and
 * kept when already there): streamlit-folium runs the page's script as a function.
 */

// layers.folium_map.front_coded, undone: [shared, rest, ...] -> texts
window.gpFrontDecoded = function (coded) {
    var texts = [],
        text = "";
    for (var j = 0; j < coded.length; j += 2) {
        text = text.slice(0, coded[j]) + coded[j + 1];
        texts.push(text);
    }
    return texts;
};

// layers.folium_map.delta_coded, undone: whole steps from the point before -> coordinates
window.gpDeltaDecoded = function (steps, decimals) {
    var sums = steps.slice(),
        scale = 10 ** decimals;
    for (var i = 2; i < sums.length; i++) sums[i] += sums[i - 2];
    return sums.map(function (v) {
        return v / scale;
    });
};

// layers.folium_map.coded_polygons, undone: whole steps and ring lengths -> a MultiPolygon per row (or null)
window.gpShapesDecoded = function (coded, decimals) {
    var xy = gpDeltaDecoded(coded.dxy, decimals),
        at = 0;
    return coded.parts.map(function (polygons) {
        if (!polygons) return null;
        var coordinates = polygons.map(function (rings) {
            return rings.map(function (n) {
                var ring = [];
                for (var k = 0; k < n; k++, at++) ring.push([xy[2 * at], xy[2 * at + 1]]);
                return ring;
            });
        });
        return {type: "MultiPolygon", coordinates: coordinates};
    });
};

// One shared source (layers.folium_map.source_json) as a GeoJSON FeatureCollection.
window.gpSource = function (c, decimals) {
    var features = [],
        same = c.same || {},
        xy = c.dxy && gpDeltaDecoded(c.dxy, decimals),
        shapes = c.shapes && gpShapesDecoded(c.shapes, decimals);
    (c.front || []).forEach(function (k) {
        c.props[k] = gpFrontDecoded(c.props[k]);
    });
    for (var i = 0; i < c.n; i++) {
        var p = {};
        for (var k in c.props) p[k] = c.props[k][i];
        for (var s in same) p[s] = p[same[s]];
        var g = xy ? {type: "Point", coordinates: [xy[2 * i], xy[2 * i + 1]]} : shapes ? shapes[i] : c.geometries[i];
        features.push({type: "Feature", geometry: g, properties: p});
    }
    return {type: "FeatureCollection", features: features, gp_lookup: c.gp_lookup};
};

// Open the map on bounds with no animation, and again whenever its frame changes size until someone
// moves it (a map laid out before its frame has its size, or a frame sized to the window, still fits).
// A corner legend keeps its room: the bounds fit beside it or above/below it, whichever zooms closer.
window.gpFitView = function (map, bounds, pad) {
    var fitting = false,
        fitted = false,
        moved = false;
    function zoomWith(o) {
        return map.getBoundsZoom(bounds, false, L.point(o.paddingTopLeft).add(o.paddingBottomRight));
    }
    function padding() {
        var legend = map.getContainer().querySelector(".gp-legend"),
            corner = map.gpLegendCorner || "bottomleft",
            plain = {paddingTopLeft: [pad, pad], paddingBottomRight: [pad, pad]};
        if (!legend?.offsetWidth) return plain;
        var box = legend.getBoundingClientRect(), // with the controls stacked above it in its corner
            frame = map.getContainer().getBoundingClientRect(),
            top = corner.indexOf("top") === 0,
            left = corner.indexOf("left") > 0,
            w = (left ? box.right - frame.left : frame.right - box.left) + pad,
            h = (top ? box.bottom - frame.top : frame.bottom - box.top) + pad,
            beside = {paddingTopLeft: [left ? w : pad, pad], paddingBottomRight: [left ? pad : w, pad]},
            over = {paddingTopLeft: [pad, top ? h : pad], paddingBottomRight: [pad, top ? pad : h]};
        var zooms = [zoomWith(beside), zoomWith(over)].map(function (z) {
            return Number.isFinite(z) ? z : -Infinity; // a legend larger than the map leaves no room: NaN
        });
        if (zooms[0] === -Infinity && zooms[1] === -Infinity) return plain;
        return zooms[0] >= zooms[1] ? beside : over;
    }
    function fit() {
        var size = map.getSize();
        if (size.x <= 2 * pad || size.y <= 2 * pad) return; // no size yet: the first resize fits it
        fitting = true;
        map.fitBounds(bounds, Object.assign({animate: false}, padding()));
        fitting = false;
        fitted = true;
    }
    map.on("movestart zoomstart", function () {
        if (fitted && !fitting) moved = true;
    });
    map.on("resize gplegend", function () {
        if (!moved) fit();
    });
    fit();
};

// The page's language (window.gpLang) and, with several, window.gpSetLang(code).
window.gpLanguages = function (map, langs) {
    window.gpLang = langs[0];
    document.documentElement.setAttribute("data-gp-lang", langs[0]);
    if (langs.length < 2) return;
    window.gpSetLang = function (code) {
        if (langs.indexOf(code) < 0) return;
        window.gpLang = code;
        document.documentElement.setAttribute("data-gp-lang", code);
        document.documentElement.lang = code;
        map.closePopup();
        map.fire("gplang", {lang: code});
    };
};

// One switchable layer drawn from a shared source (layers.folium_map._DataLayer gives its options).
window.GpDataLayer =
    window.GpDataLayer ||
    function (source, o) {
        var style = o.style,
            lookup = source.gp_lookup || {};
        function inLang(of) {
            return of[window.gpLang] || of[o.first];
        }
        function value(f, k) {
            var v = f.properties[k];
            return lookup[k] ? lookup[k][v] : v;
        }
        var geo = L.geoJSON(source, {
            interactive: o.interactive,
            style: function (f) {
                var v = value(f, o.key),
                    c = o.colors[v];
                if (o.marked.indexOf(v) >= 0) {
                    // not by hue alone: a dark dashed outline, a black ring
                    return {
                        color: "#000",
                        weight: Math.max(style.weight, 1.5) + 0.5,
                        fillColor: c,
                        fillOpacity: style.fill_opacity,
                        fill: style.fill,
                        dashArray: f.geometry.type === "Point" ? null : "5 3",
                    };
                }
                return {
                    color: style.outline || c,
                    weight: style.weight,
                    fillColor: c,
                    fillOpacity: style.fill_opacity,
                    fill: style.fill,
                    dashArray: style.dash,
                };
            },
            pointToLayer: function (_f, latlng) {
                return new GpShapeMarker(latlng, {radius: style.radius, shape: style.marker});
            },
            onEachFeature: function (f, layer) {
                if (o.tooltip)
                    layer.bindTooltip(
                        function () {
                            return value(f, inLang(o.tooltip));
                        },
                        {sticky: true},
                    );
                if (inLang(o.fields).length) {
                    layer.bindPopup(
                        function () {
                            var rows = "";
                            inLang(o.fields).forEach(function (fd) {
                                rows += "<tr><th>" + fd[1] + "</th><td>" + value(f, fd[0]) + "</td></tr>";
                            });
                            return "<table class='gp-popup'>" + rows + "</table>";
                        },
                        {maxWidth: 440, maxHeight: 360},
                    );
                }
                if (o.hover) {
                    layer.on("mouseover", function () {
                        layer.setStyle({weight: style.weight + 2});
                    });
                    layer.on("mouseout", function () {
                        geo.resetStyle(layer);
                    });
                }
            },
        });
        window.gpLayers = window.gpLayers || {};
        window.gpLayers[o.name] = geo; // by layer name, for the page's own controls
        if (!o.labels) return geo;
        function label(l, i) {
            // [lat, lon, text per language]: each language's text in a span
            var text =
                o.langs.length === 1
                    ? l[2]
                    : o.langs
                          .map(function (code, i) {
                              return "<span class='gp-only-" + code + "' lang='" + code + "'>" + l[2 + i] + "</span>";
                          })
                          .join("");
            return L.marker([l[0], l[1]], {
                interactive: false,
                keyboard: false,
                icon: L.divIcon({
                    className: "",
                    iconSize: [0, 0],
                    html:
                        "<div class='gp-label gp-label-" +
                        o.name +
                        "' data-rank='" +
                        o.rank +
                        "' data-order='" +
                        (o.order && i < o.order.length ? o.order[i] : 1e6) +
                        "'>" +
                        text +
                        "</div>",
                }),
            });
        }
        var group = L.featureGroup([geo].concat(o.labels.map(label)));
        geo.gpAddLabels = function (labels) {
            // the labels of rows added later (a piece of the static public page)
            labels.forEach(function (l) {
                group.addLayer(label(l, Infinity));
            });
        };
        return group;
    };

// A canvas point marker drawn as a circle, square, diamond or triangle (clicks hit its circle).
window.GpShapeMarker =
    window.GpShapeMarker ||
    L.CircleMarker.extend({
        _updatePath: function () {
            var shape = this.options.shape,
                r = this._renderer;
            if (!shape || shape === "circle" || !r._ctx) {
                return r._updateCircle(this);
            }
            if (!r._drawing || this._empty()) {
                return;
            }
            var p = this._point,
                s = this._radius,
                ctx = r._ctx;
            ctx.beginPath();
            if (shape === "square") {
                ctx.rect(p.x - s, p.y - s, 2 * s, 2 * s);
            } else if (shape === "diamond") {
                var d = s * 1.35;
                ctx.moveTo(p.x, p.y - d);
                ctx.lineTo(p.x + d, p.y);
                ctx.lineTo(p.x, p.y + d);
                ctx.lineTo(p.x - d, p.y);
            } else {
                // triangle
                var t = s * 1.3;
                ctx.moveTo(p.x, p.y - t);
                ctx.lineTo(p.x + t, p.y + t * 0.8);
                ctx.lineTo(p.x - t, p.y + t * 0.8);
            }
            ctx.closePath();
            r._fillStroke(ctx, this);
        },
    });

// A legend that is always visible and follows the layer switcher (html: built with escaped text), in the
// corner the district leaves most free (map.gpLegendCorner: layers.folium_map.legend_corner).
window.gpLegend = function (map, html) {
    var legend = L.control({position: map.gpLegendCorner || "bottomleft"});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "gp-legend");
        div.innerHTML = html;
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    legend.addTo(map);
    if (window.ResizeObserver) {
        // the view makes room for it once laid out, and when it folds (gpFitView)
        new ResizeObserver(function () {
            map.fire("gplegend");
        }).observe(legend.getContainer());
    }
    function toggle(e, on) {
        var m = /data-layer='([^']+)'/.exec(e.name || "");
        if (!m) return;
        document.querySelectorAll(".gp-legend [data-legend='" + m[1] + "']").forEach(function (block) {
            block.style.display = on ? "" : "none";
        });
    }
    map.on("overlayadd", function (e) {
        toggle(e, true);
    });
    map.on("overlayremove", function (e) {
        toggle(e, false);
    });
};

// Leaflet's scale bar, metric only; unitsOf[lang] = [metres, kilometres, the ten digits].
window.gpMetricScale = function (map, unitsOf, first) {
    var Scale = L.Control.Scale.extend({
        _update: function () {
            // a map laid out in a frame of no size yet has no scale to show
            var size = this._map.getSize();
            if (size.x > 0 && size.y > 0 && Number.isFinite(this._map.getZoom())) {
                L.Control.Scale.prototype._update.call(this);
            }
        },
        _updateMetric: function (maxMeters) {
            var units = unitsOf[window.gpLang] || unitsOf[first];
            var meters = this._getRoundNum(maxMeters);
            var label = (meters < 1000 ? meters + " " + units[0] : meters / 1000 + " " + units[1]).replace(
                /[0-9]/g,
                function (d) {
                    return units[2].charAt(+d);
                },
            );
            this._updateScale(this._mScale, label, meters / maxMeters);
        },
    });
    var scale = new Scale({imperial: false, metric: true}).addTo(map);
    map.on("gplang", function () {
        scale._update();
    });
};

// The DEMO DATA badge (html: built with escaped text).
window.gpDemoBadge = function (map, html) {
    var badge = L.control({position: "topleft"});
    badge.onAdd = function () {
        var div = L.DomUtil.create("div", "gp-demo");
        div.innerHTML = html;
        return div;
    };
    badge.addTo(map);
};

// Every label that fits, most important first: by its layer's rank (layers.folium_map.label_rank: a
// selection's distances, then blocks, then panchayats), then its place in the layer (label_order: the
// most populous first), then the page's order. A label overlapping one already shown is hidden until a
// zoom makes room; run again once the fonts have loaded (a label measured in the fallback font is
// narrower than drawn).
window.gpDeclutter = function (map) {
    var GAP = 2; // px kept free between two labels
    function rank(el) {
        return +el.getAttribute("data-rank") || 0;
    }
    function order(el) {
        return +el.getAttribute("data-order") || 0;
    }
    function declutter() {
        var size = map.getSize();
        if (!size.x || !size.y) return; // not laid out yet: every label would seem to collide; its resize runs this again
        var labels = Array.prototype.slice.call(map.getContainer().querySelectorAll(".gp-label"));
        labels = labels
            .map(function (el, i) {
                return {el: el, at: i};
            })
            .sort(function (a, b) {
                return rank(a.el) - rank(b.el) || order(a.el) - order(b.el) || a.at - b.at;
            });
        var taken = [];
        labels.forEach(function (l) {
            var el = l.el;
            el.style.visibility = "visible";
            var r = el.getBoundingClientRect();
            if (!r.width) return; // not drawn (a layer switched off, a language not shown)
            var hit = taken.some(function (t) {
                return (
                    r.left < t.right + GAP && r.right + GAP > t.left && r.top < t.bottom + GAP && r.bottom + GAP > t.top
                );
            });
            if (hit) {
                el.style.visibility = "hidden";
            } else {
                taken.push(r);
            }
        });
    }
    var pending = null;
    function soon() {
        clearTimeout(pending);
        pending = setTimeout(declutter, 60);
    }
    map.on("zoomend moveend overlayadd overlayremove resize layeradd gplang", soon);
    map.whenReady(soon);
    if (document.fonts?.ready) document.fonts.ready.then(soon);
};
