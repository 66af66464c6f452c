/* The static public map's own controls: search, "nearest to me", language switch.
 *
 * Inlined by layers/publish.py after `var gpPublic = {...}` (the page's data, built
 * by geo/ — see publish.py) and `var gpMapObject = <the Leaflet map>`. The search
 * is geo/search.py's rule, line by line (tests/test_search_parity.py runs the same
 * queries against both); the nearest centres of a village or panchayat are
 * geo/places.py's, shipped; from the device's location they are measured here with
 * GeographicLib (the WGS84 geodesic, as pyproj measures it in geo/nearest.py).
 *
 * The panchayats and villages come in pieces (layers/pieces.py), one per area and level:
 * scripts that call window.gpPiece(name, data), inline after this one (one file) or added
 * as script elements (pieces/a3p.js) when the areas in view hold few enough rows
 * (data.pieces.budget) or a place in them is chosen: this works from disk too (file://).
 * On a page of many villages (a state's) their search index is a piece as well
 * (data.pieces.index, pieces/places.js), added when the search box is first used; its
 * places are appended to the first load's (the panchayats'), keeping their numbers.
 */
(function (map, data) {
    // biome-ignore lint/suspicious/noRedundantUseStrict: the page runs this as a classic script, not a module
    "use strict";
    var S = data.search,
        P = data.places,
        C = null; // the centres' piece, loaded when first needed
    function texts(t) {
        return t.front ? gpFrontDecoded(t.front) : t.plain;
    } // layers.publish._texts
    function codesDecoded(t) {
        // layers.publish._codes: whole numbers as steps from the one before, else texts
        if (!t.steps) return texts(t);
        var n = 0;
        return t.steps.map(function (step) {
            n += step;
            return String(n);
        });
    }
    function runsDecoded(coded) {
        // layers.publish.runs, undone: [value, times, ...] -> values
        var values = [];
        for (var j = 0; j < coded.length; j += 2) {
            for (var n = 0; n < coded[j + 1]; n++) values.push(coded[j]);
        }
        return values;
    }
    var DEV = "०१२३४५६७८९";
    function asciiDigits(text) {
        // Devanagari digits as ASCII, as geo/search.py's _DEVANAGARI_DIGITS
        return String(text).replace(/[०-९]/g, function (d) {
            return String(DEV.indexOf(d));
        });
    }

    // ---- geo/search.py, in JavaScript -------------------------------------------------
    function normalise(text) {
        var out = asciiDigits(
            String(text == null ? "" : text)
                .normalize("NFC")
                .toLowerCase(),
        );
        out = out.replace(/[.,\-()/_]+/g, " ").replace(/(?<=[^0-9\s])(?=[0-9])|(?<=[0-9])(?=[^0-9\s])/g, " ");
        return out
            .split(/\s+/)
            .filter(Boolean)
            .map(function (w) {
                return /^[0-9]+$/.test(w) ? w.replace(/^0+/, "") || "0" : w;
            })
            .join(" ");
    }
    function queryWords(query) {
        var words = normalise(query).split(" ").filter(Boolean);
        var kept = words.filter(function (w) {
            return S.stop.indexOf(w) < 0;
        });
        return kept.length ? kept : words;
    }
    function editDistance(a, b) {
        var prev = [],
            cur,
            i,
            j;
        for (j = 0; j <= b.length; j++) prev.push(j);
        for (i = 1; i <= a.length; i++) {
            cur = [i];
            for (j = 1; j <= b.length; j++) {
                cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] !== b[j - 1] ? 1 : 0)));
            }
            prev = cur;
        }
        return prev[b.length];
    }
    function wordMatches(word, tokens, code, codeStart, fuzzy) {
        if (/^[0-9]+$/.test(word)) {
            return tokens.indexOf(word) >= 0 || (codeStart !== null && code.indexOf(codeStart) === 0);
        }
        if (
            tokens.some(function (t) {
                return t.indexOf(word) >= 0;
            })
        )
            return true;
        if (!fuzzy || word.length < S.fuzzy_min) return false;
        var slips = word.length >= S.fuzzy_two ? 2 : 1;
        return tokens.some(function (t) {
            return [word.length - 1, word.length, word.length + 1].some(function (size) {
                return size <= t.length && editDistance(word, t.slice(0, size)) <= slips;
            });
        });
    }
    // The places the search knows: the first load's (every panchayat; a district's villages too) and, on a
    // page of many villages, the villages' piece (data.pieces.index) added when the search box is first used.
    var keys = [],
        tokensOf = [],
        codes = [];
    function addPlaces(part) {
        // layers.publish._place_table, decoded and appended: the places keep their numbers
        var en = texts(part.within_names.en),
            hi = texts(part.within_names.hi),
            names = texts(part.name),
            namesHi = texts(part.name_hi),
            offset = P.within_names.length;
        en.forEach(function (w, j) {
            P.within_names.push([w, hi[j]]);
        });
        P.code = P.code.concat(codesDecoded(part.code));
        P.name = P.name.concat(names);
        P.name_hi = P.name_hi.concat(namesHi);
        P.within = P.within.concat(
            runsDecoded(part.within).map(function (w) {
                return w + offset;
            }),
        );
        P.area = P.area.concat(runsDecoded(part.area));
        names.forEach(function (name, j) {
            var key = (normalise(name) + " " + normalise(namesHi[j])).trim();
            keys.push(key);
            tokensOf.push(key.split(" ").filter(Boolean));
        });
        codes = P.code.map(asciiDigits);
    }
    var firstPlaces = {};
    ["code", "name", "name_hi", "within", "within_names", "area"].forEach(function (k) {
        firstPlaces[k] = P[k];
        P[k] = [];
    });
    addPlaces(firstPlaces);
    function searchPlaces(query) {
        var words = queryWords(query);
        if (!words.length) return [];
        var typed = asciiDigits(String(query).normalize("NFC")).trim();
        var codeStart = /^[0-9]+$/.test(typed) ? typed : null;
        function pass(fuzzy) {
            var hits = [];
            for (var i = 0; i < keys.length; i++) {
                var ok = true;
                for (var w = 0; w < words.length && ok; w++) {
                    ok = wordMatches(words[w], tokensOf[i], codes[i], codeStart, fuzzy);
                }
                if (ok) hits.push(i);
            }
            return hits;
        }
        var hits = pass(false);
        if (!hits.length) hits = pass(true);
        var first = words[0];
        var rank = hits.map(function (i) {
            return {
                i: i,
                later: tokensOf[i].some(function (t) {
                    return t.indexOf(first) === 0;
                })
                    ? 0
                    : 1,
                kind: i < P.n_panchayats ? 0 : 1,
                name: P.name[i].toLowerCase(),
            };
        });
        rank.sort(function (a, b) {
            return (
                a.later - b.later || a.kind - b.kind || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.i - b.i
            );
        });
        return rank.map(function (r) {
            return r.i;
        });
    }

    // ---- text in the page's language ----------------------------------------------------
    function ui(key) {
        return data.ui[window.gpLang][key];
    }
    function nameOf(i) {
        return window.gpLang === "hi" && P.name_hi[i] ? P.name_hi[i] : P.name[i];
    }
    function withinOf(i) {
        var w = P.within_names[P.within[i]] || ["", ""];
        return window.gpLang === "hi" && w[1] ? w[1] : w[0];
    }
    function km(metres) {
        // as geo.formats.format_km: one decimal rounded half up, lakh grouping (1,234.5)
        var parts = (metres / 1000).toFixed(1).split("."),
            whole = parts[0];
        var head = whole.slice(0, -3),
            grouped = head ? head.replace(/\B(?=(\d{2})+$)/g, ",") + "," : "";
        return grouped + whole.slice(-3) + "." + parts[1] + "\u00a0" + ui("km");
    }
    function compassPoint(degrees) {
        // as geo.formats.compass_point: the nearest of eight points, clockwise from north (0 = north)
        return Math.floor((((degrees % 360) + 360) % 360) / 45 + 0.5) % 8;
    }
    function azimuth(origin, c) {
        // the direction to centre c from origin [lat, lon]: degrees clockwise from north, on the WGS84 geodesic
        return geodesic.Geodesic.WGS84.Inverse(origin[0], origin[1], C.xy[2 * c], C.xy[2 * c + 1]).azi1;
    }
    function el(tag, cls, parent, text) {
        var e = document.createElement(tag);
        if (cls) e.className = cls;
        if (text != null) e.textContent = text;
        if (parent) parent.appendChild(e);
        return e;
    }
    function filled(parent, template, placeholder, value) {
        // the value as text in a <bdi> of its own, never markup
        var at = template.indexOf(placeholder);
        if (at < 0) {
            parent.appendChild(document.createTextNode(template));
            return parent;
        }
        parent.appendChild(document.createTextNode(template.slice(0, at)));
        el("bdi", "", parent, value);
        parent.appendChild(document.createTextNode(template.slice(at + placeholder.length)));
        return parent;
    }

    // ---- the panel: title, language, search, my location, about -------------------------
    var panel = L.control({position: "topleft"});
    var input, list, result, status;
    panel.onAdd = function () {
        var div = L.DomUtil.create("div", "gp-public");
        div.setAttribute("role", "search");
        var head = el("div", "gp-head", div);
        var h1 = el("h1", "", head);
        h1.innerHTML = data.title_html;
        var langs = el("div", "gp-lang", head);
        langs.setAttribute("role", "group");
        langs.setAttribute("aria-label", "Language / भाषा");
        data.langs.forEach(function (l) {
            var b = el("button", "", langs, l[1]);
            b.type = "button";
            b.lang = l[0];
            b.dataset.lang = l[0];
            b.addEventListener("click", function () {
                setLang(l[0]);
            });
        });
        var label = el("label", "gp-visually-hidden", div);
        label.htmlFor = "gp-search";
        label.innerHTML = data.ui_html.search_label;
        input = el("input", "", div);
        input.id = "gp-search";
        input.type = "search";
        input.autocomplete = "off";
        input.setAttribute("aria-controls", "gp-hits");
        list = el("ul", "gp-hits", div);
        list.id = "gp-hits";
        list.setAttribute("aria-live", "polite");
        var locate = el("button", "gp-locate", div);
        locate.type = "button";
        locate.innerHTML = data.ui_html.locate;
        locate.addEventListener("click", fromDevice);
        status = el("p", "gp-status", div);
        status.setAttribute("role", "status");
        var about = el("details", "gp-about", div);
        about.innerHTML = data.about_html;
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        input.addEventListener("focus", function () {
            if (!indexReady()) needIndex(renderHits);
        });
        input.addEventListener("input", function () {
            renderHits();
            if (!indexReady()) needIndex(renderHits);
        });
        input.addEventListener("keydown", function (e) {
            if (e.key === "Enter") {
                needIndex(function () {
                    var hits = renderHits();
                    if (hits.length) choose(hits[0]);
                });
            }
            if (e.key === "ArrowDown") {
                var b = list.querySelector("button");
                if (b) {
                    b.focus();
                    e.preventDefault();
                }
            }
        });
        return div;
    };
    panel.addTo(map);
    // The DEMO DATA badge (gpDemoBadge, map.js) goes into the panel's head: where the map is fitted around
    // (fitBetween), so it never covers a marker, and it stays on every screen, the compact one too.
    var demo = map.getContainer().querySelector(".gp-demo");
    if (demo) panel.getContainer().insertBefore(demo, panel.getContainer().firstChild);
    // A popup opens into the room the panel leaves (below it on a narrow screen, to its right on a wide one).
    Object.defineProperty(L.Popup.prototype.options, "autoPanPaddingTopLeft", {
        configurable: true,
        get: function () {
            var box = map.getContainer().getBoundingClientRect(),
                head = panel.getContainer().getBoundingClientRect();
            return box.width >= 700 ? [head.right - box.left + 12, 12] : [12, head.bottom - box.top + 12];
        },
    });

    function renderHits() {
        list.innerHTML = "";
        var q = input.value;
        if (normalise(q).length < 2) return [];
        var hits = searchPlaces(q).slice(0, 12);
        if (!hits.length) {
            el("li", "gp-none", list, ui(indexReady() || !waiting[data.pieces.index] ? "none" : "loading_index"));
            return hits;
        }
        hits.forEach(function (i) {
            var li = el("li", "", list);
            var b = el("button", "", li);
            b.type = "button";
            el("span", "gp-hit-name", b, nameOf(i));
            filled(
                el("span", "gp-hit-where", b),
                ui(i < P.n_panchayats ? "panchayat_in" : "village_in"),
                "{within}",
                withinOf(i),
            );
            b.addEventListener("click", function () {
                choose(i);
            });
            b.addEventListener("keydown", function (e) {
                var li2 = e.key === "ArrowDown" ? li.nextSibling : e.key === "ArrowUp" ? li.previousSibling : null;
                if (li2?.querySelector("button")) {
                    li2.querySelector("button").focus();
                    e.preventDefault();
                }
            });
        });
        return hits;
    }

    // ---- nearest centres, on the map and in a card ----------------------------------------
    var drawn = L.featureGroup().addTo(map);
    var shown = null; // {title, origin: [lat, lon], centres: [[kind, centre index, metres]]}

    function placeResult(i) {
        var centres = [];
        data.kinds.forEach(function (k, n) {
            var c = nearOf[i][n][0],
                metres = nearOf[i][n][1];
            centres.push([k, c, metres]); // c < 0: the district records no functional centre of the kind
        });
        return {place: i, origin: xyOf[i], centres: centres};
    }
    function deviceResult(lat, lon) {
        var g = geodesic.Geodesic.WGS84,
            centres = [];
        data.kinds.forEach(function (k) {
            var best = -1,
                bestM = Infinity;
            for (var c = 0; c < C.kind.length; c++) {
                if (C.kind[c] !== k[0]) continue;
                var m = g.Inverse(lat, lon, C.xy[2 * c], C.xy[2 * c + 1]).s12;
                if (m < bestM) {
                    bestM = m;
                    best = c;
                }
            }
            centres.push([k, best, bestM]);
        });
        return {place: null, origin: [lat, lon], centres: centres};
    }
    function choose(i) {
        needIndex(function () {
            // a village's dot may be tapped before the villages' index came
            list.innerHTML = "";
            input.value = nameOf(i);
            need("a" + P.area[i] + (i < P.n_panchayats ? "p" : "v"), function () {
                need(data.pieces.centres, function () {
                    show(placeResult(i));
                });
            });
        });
    }
    function indexReady() {
        return !data.pieces.index || !!loaded[data.pieces.index];
    }
    function needIndex(done) {
        // the villages' search index, where it is a piece of its own (a state's page); else at hand
        if (!data.pieces.index) return done();
        need(data.pieces.index, done);
    }
    function fromDevice() {
        if (!navigator.geolocation) {
            status.textContent = ui("no_location");
            return;
        }
        status.textContent = ui("locating");
        navigator.geolocation.getCurrentPosition(
            function (pos) {
                status.textContent = "";
                window.gpNearestFrom(pos.coords.latitude, pos.coords.longitude);
            },
            function () {
                status.textContent = ui("no_location");
            },
            {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000},
        );
    }
    window.gpNearestFrom = function (lat, lon) {
        need(data.pieces.centres, function () {
            show(deviceResult(lat, lon));
        });
    };
    window.gpChoosePlace = function (code) {
        var i = P.code.indexOf(String(code));
        if (i >= 0) choose(i);
        return i >= 0;
    };
    window.gpSearchPlaces = function (query) {
        return searchPlaces(query).map(function (i) {
            return P.code[i];
        });
    };
    window.gpPlaceKeys = function () {
        return keys;
    };

    function show(res) {
        shown = res;
        drawn.clearLayers();
        var origin = L.latLng(res.origin[0], res.origin[1]),
            points = [origin];
        res.centres.forEach(function (r) {
            if (r[1] < 0) return;
            var k = r[0],
                c = r[1],
                to = L.latLng(C.xy[2 * c], C.xy[2 * c + 1]);
            points.push(to);
            L.polyline([origin, to], {color: k[1], weight: 4, dashArray: "8 6", interactive: false}).addTo(drawn);
            new GpShapeMarker(to, {
                radius: 9,
                shape: k[2],
                color: "#000",
                weight: 2,
                fillColor: k[1],
                fillOpacity: 1,
                interactive: false,
            }).addTo(drawn);
        });
        new GpShapeMarker(origin, {
            radius: 8,
            color: data.selected,
            weight: 3,
            fillColor: "#fff",
            fillOpacity: 1,
            interactive: false,
        }).addTo(drawn);
        panel.getContainer().classList.add("gp-compact"); // the room on a small screen goes to the map and the card
        renderResult();
        fitBetween(L.latLngBounds(points), 14);
    }
    var card = L.control({position: "bottomleft"});
    card.onAdd = function () {
        result = L.DomUtil.create("section", "gp-result");
        result.setAttribute("aria-live", "polite");
        result.hidden = true;
        L.DomEvent.disableClickPropagation(result);
        L.DomEvent.disableScrollPropagation(result);
        return result;
    };
    card.addTo(map);

    function renderResult() {
        result.innerHTML = "";
        if (!shown) {
            result.hidden = true;
            return;
        }
        result.hidden = false;
        var head = el("div", "gp-result-head", result);
        var title = shown.place === null ? ui("from_here") : nameOf(shown.place);
        el("bdi", "", el("h2", "", head, ui("nearest_to") + " "), title);
        var close = el("button", "gp-close", head, "×");
        close.type = "button";
        close.setAttribute("aria-label", ui("close"));
        close.addEventListener("click", function () {
            shown = null;
            drawn.clearLayers();
            renderResult();
            panel.getContainer().classList.remove("gp-compact");
            input.focus();
        });
        var ul = el("ul", "gp-centres", result);
        shown.centres.forEach(function (r) {
            var k = r[0],
                c = r[1];
            var li = el("li", "", ul);
            if (c < 0) {
                li.dataset.kind = k[0];
                el("span", "", li);
                var none = el("span", "gp-centre", li);
                el("span", "gp-centre-kind", none, data.ui[window.gpLang]["kind_" + k[0]]);
                el("span", "gp-centre-more", none, ui("no_centre"));
                return;
            }
            li.dataset.kind = k[0];
            li.dataset.centre = C.id[c];
            li.dataset.distM = r[2].toFixed(1);
            var sw = el("span", "gp-swatch gp-swatch-point gp-shape-" + k[2], li, k[2] === "triangle" ? "▲" : "");
            sw.setAttribute("aria-hidden", "true");
            sw.style[k[2] === "triangle" ? "color" : "background"] = k[1];
            var text = el("span", "gp-centre", li);
            el("span", "gp-centre-kind", text, data.ui[window.gpLang]["kind_" + k[0]]);
            el("span", "gp-centre-name", text, window.gpLang === "hi" && C.name_hi[c] ? C.name_hi[c] : C.name[c]);
            var opened = C.dates[window.gpLang][C.opened[c]];
            var way = el("span", "gp-centre-way", text, ui("toward")[compassPoint(azimuth(shown.origin, c))]);
            way.dataset.point = compassPoint(azimuth(shown.origin, c));
            if (opened) el("span", "gp-centre-more", text, ui("opened") + " " + opened);
            el("span", "gp-dist", li, km(r[2]));
        });
        el("p", "gp-result-note", result, ui("straight_line"));
    }

    // Fit the map into the room the panel and the card leave: below and above them on a narrow
    // screen, to their right on a wide one.
    function fitBetween(bounds, maxZoom) {
        var box = map.getContainer().getBoundingClientRect();
        var head = panel.getContainer().getBoundingClientRect();
        var foot = (
            result.hidden ? map.getContainer().querySelector(".leaflet-bottom.leaflet-left") : result
        ).getBoundingClientRect();
        var options = {maxZoom: maxZoom, animate: false};
        if (box.width >= 700) {
            options.paddingTopLeft = [Math.max(head.right, result.hidden ? 0 : foot.right) - box.left + 12, 16];
            options.paddingBottomRight = [60, 16];
        } else {
            options.paddingTopLeft = [16, head.bottom - box.top + 8];
            options.paddingBottomRight = [16, box.bottom - foot.top + 8];
        }
        map.fitBounds(bounds, options);
    }

    // ---- language -----------------------------------------------------------------------
    function setLang(code) {
        if (window.gpSetLang) window.gpSetLang(code);
        document.title = data.ui[code].title;
        input.placeholder = data.ui[code].search;
        panel
            .getContainer()
            .querySelectorAll(".gp-lang button")
            .forEach(function (b) {
                b.setAttribute("aria-pressed", b.dataset.lang === code ? "true" : "false");
            });
        renderHits();
        renderResult();
    }
    // ---- the pieces: an area's panchayats, then its villages ---------------------------------
    var nearOf = {}, // place -> [[centre, metres] per kind], from the piece that holds the place
        xyOf = {}, // place -> [lat, lon] measured from
        loaded = {},
        waiting = {};
    function applyPiece(name, piece) {
        var level = name.slice(-1),
            first = data.pieces.order.length;
        Object.keys(piece.sources).forEach(function (source) {
            var fc = gpSource(piece.sources[source], 5);
            fc.features.forEach(function (f, row) {
                var p = f.properties;
                for (var k in fc.gp_lookup) p[k] = fc.gp_lookup[k][p[k]]; // the first load's layers read plain values
                if (source === data.pieces.places[level]) p.gp_place = piece.place[row];
            });
            fc.gp_lookup = {};
            data.pieces.layers[source].forEach(function (layerName) {
                var layer = window.gpLayers[layerName];
                layer.addData(fc);
                if (piece.labels[layerName]) layer.gpAddLabels(piece.labels[layerName]);
                first = Math.min(first, data.pieces.order.indexOf(layerName));
            });
        });
        var at = 0,
            xy = gpDeltaDecoded(piece.dxy, 5);
        piece.place.forEach(function (i) {
            if (i < 0) return;
            nearOf[i] = data.kinds.map(function (k) {
                return [piece.near[k[0]][2 * at], piece.near[k[0]][2 * at + 1]];
            });
            xyOf[i] = [xy[2 * at], xy[2 * at + 1]];
            at += 1;
        });
        if (level === "v") {
            // a tap on a village dot shows its nearest centres (the card), instead of a popup
            window.gpLayers[data.village_layer].eachLayer(function (dot) {
                var i = dot.feature.properties.gp_place;
                if (dot.gpTap || i < 0) return;
                dot.gpTap = true;
                dot.unbindPopup();
                dot.on("click", function () {
                    choose(i);
                });
            });
        }
        data.pieces.order.slice(first + 1).forEach(function (layerName) {
            window.gpLayers[layerName].bringToFront(); // drawn in the map's order: outlines and centres on top
        });
    }
    window.gpPiece = function (name, piece) {
        if (loaded[name]) return;
        if (name === data.pieces.index) {
            addPlaces(piece);
        } else if (name === data.pieces.centres) {
            C = piece;
            C.kind = runsDecoded(C.kind).map(function (n) {
                return data.kinds[n][0];
            });
            C.id = texts(C.id);
            C.name = texts(C.name);
            C.name_hi = texts(C.name_hi);
            C.xy = gpDeltaDecoded(C.dxy, 6); // (lat, lon) pairs
        } else {
            applyPiece(name, piece);
        }
        loaded[name] = true;
        (waiting[name] || []).forEach(function (done) {
            done();
        });
        delete waiting[name];
    };
    function need(name, done) {
        if (loaded[name]) return done();
        if (!data.pieces.folder) return; // one file: every piece came with it
        if (!waiting[name]) {
            waiting[name] = [];
            var script = document.createElement("script");
            script.src = data.pieces.folder + name + ".js";
            script.onerror = function () {
                status.textContent = ui("no_piece");
                delete waiting[name]; // asked for again on the next move or choice
                script.remove();
                if (name === data.pieces.index) renderHits(); // what the search found without it, not "loading"
            };
            document.head.appendChild(script);
        }
        waiting[name].push(done);
    }
    window.gpLoadedPieces = function () {
        return Object.keys(loaded).sort();
    };
    // The pieces of the areas in view, level by level, while the rows in view are no more than the budget:
    // an area's rows count by the share of its box in view (they spread over it).
    function shareInView(b, view) {
        var south = Math.max(b[0], view.getSouth()),
            west = Math.max(b[1], view.getWest()),
            north = Math.min(b[2], view.getNorth()),
            east = Math.min(b[3], view.getEast());
        if (south > north || west > east) return 0;
        return ((north - south) * (east - west)) / Math.max((b[2] - b[0]) * (b[3] - b[1]), 1e-12);
    }
    function loadInView() {
        var view = map.getBounds(),
            inView = [];
        data.areas.bounds.forEach(function (b, a) {
            var share = shareInView(b, view);
            if (share > 0) inView.push([a, share]);
        });
        ["p", "v"].forEach(function (level, n) {
            var rows = 0;
            inView.forEach(function (at) {
                rows += data.areas.count[at[0]][n] * at[1];
            });
            if (rows > data.pieces.budget[n]) return;
            inView.forEach(function (at) {
                if (data.areas.has[at[0]].indexOf(level) >= 0) need("a" + at[0] + level, function () {});
            });
        });
    }
    map.on("moveend", loadInView);
    map.zoomControl.setPosition("bottomright");
    setLang(window.gpLang);
    fitBetween(L.latLngBounds(data.bounds), 13);
    loadInView();
})(gpMapObject, gpPublic);
