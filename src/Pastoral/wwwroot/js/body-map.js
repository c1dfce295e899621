// The body map on the concern form: click the outline, or focus it, move the cross with the arrow keys (Shift: faster) and
// press Enter, to fill the next mark row's side and position. The rows are plain inputs, so the form works without this script;
// the server decides whether a mark is on the body.
(function () {
    var rows = document.getElementById('mark-rows');
    var status = document.getElementById('bodymap-status');
    if (!rows) return;
    var maps = Array.prototype.slice.call(document.querySelectorAll('svg.body-map[data-side]'));
    var ns = 'http://www.w3.org/2000/svg';

    function say(text) { if (status) status.textContent = text; }
    function round(n) { return Math.round(n * 10) / 10; }
    function onBody(svg, x, y) {
        var outline = svg.querySelector('.body-outline');
        if (!outline || !outline.isPointInFill) return true;
        var p = svg.createSVGPoint(); p.x = x; p.y = y;
        return outline.isPointInFill(p);
    }
    function rowInputs(row) {
        var i = row.getAttribute('data-index');
        return {
            side: document.getElementById('mark-' + i + '-side'), x: document.getElementById('mark-' + i + '-x'),
            y: document.getElementById('mark-' + i + '-y'), description: document.getElementById('mark-' + i + '-description')
        };
    }
    function freeRow() {
        var all = rows.querySelectorAll('.mark-row');
        for (var k = 0; k < all.length; k++) {
            var f = rowInputs(all[k]);
            if (!f.x.value && !f.y.value) return all[k];
        }
        if (all.length >= Number(rows.getAttribute('data-max') || 30)) return null;
        var last = all[all.length - 1];
        var next = last.cloneNode(true);
        var from = last.getAttribute('data-index'), to = String(Number(from) + 1);
        next.setAttribute('data-index', to);
        next.querySelectorAll('[id],[for],[name]').forEach(function (el) {
            ['id', 'for', 'name'].forEach(function (a) {
                var v = el.getAttribute(a);
                if (v) el.setAttribute(a, v.replace('mark-' + from + '-', 'mark-' + to + '-').replace('marks[' + from + ']', 'marks[' + to + ']'));
            });
            if (el.tagName === 'INPUT') el.value = '';
            el.classList.remove('is-invalid');
        });
        next.querySelectorAll('.text-danger').forEach(function (el) { el.remove(); });
        next.querySelector('strong').textContent = 'Mark ' + (Number(to) + 1);
        last.after(next);
        return next;
    }
    function draw() {
        maps.forEach(function (svg) { var g = svg.querySelector('.marks'); while (g.firstChild) g.removeChild(g.firstChild); });
        rows.querySelectorAll('.mark-row').forEach(function (row, n) {
            var f = rowInputs(row), x = parseFloat(f.x.value), y = parseFloat(f.y.value);
            if (isNaN(x) || isNaN(y)) return;
            var svg = maps.filter(function (m) { return m.getAttribute('data-side') === f.side.value; })[0];
            if (!svg) return;
            var g = svg.querySelector('.marks');
            var c = document.createElementNS(ns, 'circle');
            c.setAttribute('class', 'mark'); c.setAttribute('cx', x); c.setAttribute('cy', y); c.setAttribute('r', 6);
            var t = document.createElementNS(ns, 'text');
            t.setAttribute('class', 'mark-number'); t.setAttribute('x', x + 8); t.setAttribute('y', y + 4); t.textContent = String(n + 1);
            g.appendChild(c); g.appendChild(t);
        });
    }
    function place(svg, x, y) {
        var side = svg.getAttribute('data-side');
        if (!onBody(svg, x, y)) { say('That point is outside the body outline: move the cross onto the body.'); return; }
        var row = freeRow();
        if (!row) { say('The body map is full.'); return; }
        var f = rowInputs(row);
        f.side.value = side; f.x.value = round(x); f.y.value = round(y);
        draw();
        say('Mark ' + (Number(row.getAttribute('data-index')) + 1) + ' placed on the ' + side + '. Describe what you saw there.');
        f.description.focus();
    }
    maps.forEach(function (svg) {
        var cross = svg.querySelector('.crosshair');
        var pos = { x: 100, y: 120 };
        function show() {
            cross.setAttribute('transform', 'translate(' + pos.x + ' ' + pos.y + ')');
            cross.setAttribute('visibility', 'visible');
        }
        svg.addEventListener('focus', function () { show(); say('Cross at ' + round(pos.x) + ' across, ' + round(pos.y) + ' down. Arrow keys move it, Enter places a mark.'); });
        svg.addEventListener('blur', function () { cross.setAttribute('visibility', 'hidden'); });
        svg.addEventListener('keydown', function (e) {
            var step = e.shiftKey ? 10 : 2;
            if (e.key === 'ArrowLeft') pos.x = Math.max(0, pos.x - step);
            else if (e.key === 'ArrowRight') pos.x = Math.min(200, pos.x + step);
            else if (e.key === 'ArrowUp') pos.y = Math.max(0, pos.y - step);
            else if (e.key === 'ArrowDown') pos.y = Math.min(400, pos.y + step);
            else if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); place(svg, pos.x, pos.y); return; }
            else return;
            e.preventDefault();
            show();
            say(round(pos.x) + ' across, ' + round(pos.y) + ' down' + (onBody(svg, pos.x, pos.y) ? '' : ' (outside the body)'));
        });
        svg.addEventListener('click', function (e) {
            var p = svg.createSVGPoint(); p.x = e.clientX; p.y = e.clientY;
            var at = p.matrixTransform(svg.getScreenCTM().inverse());
            pos = { x: at.x, y: at.y };
            place(svg, at.x, at.y);
        });
    });
    rows.addEventListener('input', draw);
    rows.addEventListener('change', draw);
    draw();
})();
