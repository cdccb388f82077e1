/// The agenda page's style sheet and script, inlined with the page's nonce: system fonts only, nothing fetched.
enum AgendaStyle {
    static let css: HTML = """

        :root {
          --ink: #1b1c22; --muted: #555a66; --line: #d8dae2; --paper: #fff; --head: #f3f4f8;
          --accent: #3d68b8; --clash: #c00018; --clash-paper: #fff1f2; --picked: #e9f0fb;
          color-scheme: light;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
        }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: var(--paper); line-height: 1.35; font-size: 15px;
          overflow-wrap: anywhere; }
        .page-header, main { padding: 0 1rem; max-width: 60rem; margin: 0 auto; }
        h1 { font-size: 1.5rem; margin: 1rem 0 .25rem; }
        h2 { font-size: 1.15rem; margin: 1rem 0 .4rem; }
        .summary { margin: 0 0 .5rem; color: var(--muted); }
        a { color: var(--accent); }
        .saved { background: #e8f5e9; border: 1px solid #9ccc9f; border-radius: 4px; padding: .3rem .6rem; }
        .subscribe { background: var(--head); border: 1px solid var(--line); border-radius: 6px; padding: .1rem .8rem; }
        .subscribe h2 { font-size: 1rem; margin: .5rem 0 .25rem; }
        .subscribe ul { margin: 0 0 .5rem; padding-left: 1.1rem; }
        .clashes { border-left: 4px solid var(--clash); background: var(--clash-paper); padding: .1rem .8rem;
          margin: 1rem 0; }
        .clashes.none { border-left-color: #9ccc9f; background: #f3faf3; }
        .removed { border-left: 4px solid var(--muted); background: var(--head); padding: .1rem .8rem; margin: 1rem 0; }
        .sessions { list-style: none; padding: 0; margin: 0; border-top: 1px solid var(--line); }
        .session { display: flex; gap: .6rem; align-items: flex-start; padding: .45rem .3rem;
          border-bottom: 1px solid var(--line); }
        .session:has(input:checked) { background: var(--picked); }
        .session input { width: 1.2rem; height: 1.2rem; margin: .1rem 0 0; flex: none; }
        .session label { flex: 1; cursor: pointer; }
        .time { display: inline-block; min-width: 7.5rem; font-variant-numeric: tabular-nums; color: var(--muted); }
        .title { font-weight: 600; }
        .where { display: block; color: var(--muted); font-size: .9rem; }
        .flag { display: none; color: var(--clash); font-weight: 600; font-size: .9rem; }
        .session.clash { box-shadow: inset 4px 0 0 var(--clash); }
        .session.clash .flag { display: block; }
        .actions { position: sticky; bottom: 0; background: var(--paper); padding: .6rem 0;
          border-top: 1px solid var(--line); }
        button { font: inherit; font-weight: 600; color: #fff; background: var(--accent); border: 0;
          border-radius: 6px; padding: .55rem 1.2rem; cursor: pointer; }
        @media (max-width: 40rem) { .time { display: block; } }
        @media print { .actions, .subscribe { display: none; } }

        """

    /// Flags, as boxes are ticked, every session that overlaps a ticked one (back to back is fine), with the
    /// `data-start`/`data-end` instants the server wrote; the clash list itself is the server's, after saving.
    static let script: HTML = """

        (function () {
          var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="session"]'));
          function flag() {
            var picked = boxes.filter(function (box) { return box.checked; });
            boxes.forEach(function (box) {
              var start = Number(box.dataset.start), end = Number(box.dataset.end);
              var clash = end > start && picked.some(function (other) {
                return other !== box && Number(other.dataset.start) < end && start < Number(other.dataset.end);
              });
              var item = box.closest('li');
              item.classList.toggle('clash', clash);
              item.querySelector('.flag').textContent =
                box.checked ? 'clashes with another pick' : 'overlaps one of your picks';
            });
          }
          boxes.forEach(function (box) { box.addEventListener('change', flag); });
        })();

        """
}
