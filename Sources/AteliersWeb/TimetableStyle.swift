/// The timetable's style sheet, inlined in the page: system fonts only, nothing fetched.
enum TimetableStyle {
    static let css: HTML = """

        :root {
          --ink: #1b1c22; --muted: #555a66; --line: #d8dae2; --paper: #fff; --head: #f3f4f8;
          --block: #e9f0fb; --accent: #3d68b8; --clash: #c00018; --clash-paper: #fff1f2;
          --time-width: 3.5rem; --lane-min: 10rem; --per-minute: 1.6px;
          color-scheme: light;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
        }
        * { box-sizing: border-box; }
        body {
          margin: 0; color: var(--ink); background: var(--paper); line-height: 1.35; font-size: 15px;
          overflow-wrap: break-word;
        }
        .page-header, main { padding: 0 1rem; }
        h1 { font-size: 1.5rem; margin: 1rem 0 .25rem; }
        .summary { margin: 0 0 .5rem; color: var(--muted); }
        a { color: var(--accent); }
        .days ul { list-style: none; padding: 0; margin: .25rem 0 .5rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
        .day-menu { display: none; }
        .day-menu summary { cursor: pointer; font-weight: 600; padding: .25rem 0; }
        .subscribe h2 { font-size: 1rem; margin: .5rem 0 .25rem; }
        .subscribe ul { list-style: none; padding: 0; margin: 0 0 .5rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
        .subscribe .feed-list { display: block; }
        .feed-list li { margin: .2rem 0; }
        .feed-title { font-weight: 600; }
        .feed-list code { font-size: .8rem; color: var(--muted); word-break: break-all; }
        .feed-group summary { cursor: pointer; font-weight: 600; }
        .note-text { color: var(--muted); font-size: .85rem; margin: 0 0 .4rem; }
        .agenda-link { margin: .25rem 0 .5rem; }
        .agenda-link a { font-weight: 600; }
        .session-page { max-width: 48rem; }
        .session-page h4 { font-size: 1.4rem; margin: .5rem 0 .25rem; }
        .add { margin: .75rem 0 0; }
        .add a { font-weight: 600; }
        .day { margin: 1.25rem 0 2rem; }
        .day > h2 { font-size: 1.2rem; margin: 0 0 .5rem; }
        .all-day { list-style: none; padding: 0; margin: 0 0 .5rem; display: flex; flex-wrap: wrap; gap: .4rem; }
        .all-day li { background: #f6f0de; border: 1px solid #d9c894; border-radius: 4px; padding: .2rem .5rem; }
        .all-day li.clash { outline: 3px solid var(--clash); }
        .scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
        .scroll:focus-visible { outline: 2px solid var(--accent); }
        .grid {
          display: grid; min-width: min-content;
          grid-template-columns: var(--time-width) repeat(var(--tracks), minmax(var(--lane-min), 1fr));
          grid-template-rows: auto repeat(var(--rows), minmax(calc(var(--per-minute) * var(--row-minutes)), auto));
        }
        .corner, .room { grid-row: 1; background: var(--head); border-bottom: 1px solid var(--line); }
        .corner { grid-column: 1; position: sticky; left: 0; z-index: 3; }
        .room { padding: .4rem .5rem; font-weight: 600; font-size: .9rem; border-left: 1px solid var(--line); }
        .room.no-room { font-style: italic; color: var(--muted); }
        .column-line { grid-row: 2 / -1; border-left: 1px solid var(--line); }
        .time {
          grid-column: 1; position: sticky; left: 0; z-index: 2; background: var(--paper);
          border-top: 1px solid var(--line); padding: .1rem .3rem; font-size: .8rem; color: var(--muted);
          font-variant-numeric: tabular-nums;
        }
        .rule { grid-column: 2 / -1; border-top: 1px solid var(--line); }
        .cell { position: relative; padding: 2px; min-width: 0; display: flex; }
        .block {
          flex: 1; display: flex; flex-direction: column; gap: .1rem; min-width: 0; padding: .25rem .4rem;
          background: var(--block); border-left: 4px solid var(--accent); border-radius: 4px;
          color: inherit; text-decoration: none; font-size: .85rem;
        }
        .block:hover, .block:focus-visible { outline: 2px solid var(--accent); }
        .when { font-size: .75rem; color: var(--muted); font-variant-numeric: tabular-nums; }
        .title { font-weight: 600; }
        .people { font-size: .78rem; color: var(--muted); }
        .instant .block { background: var(--paper); border: 1px dashed var(--muted); border-left-width: 4px; }
        .instant .block { flex-direction: row; flex-wrap: wrap; gap: 0 .5rem; padding: .1rem .4rem; }
        .continues .block { border-bottom: 3px dotted var(--accent); border-radius: 4px 4px 0 0; }
        .cell.clash .block { background: var(--clash-paper); border-left-color: var(--clash); outline: 3px solid var(--clash); outline-offset: -1px; }
        .badge {
          align-self: flex-start; margin-top: .15rem; font-size: .7rem; font-weight: 700; color: #fff;
          background: var(--clash); border-radius: 3px; padding: 0 .3rem;
        }
        .note {
          position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap;
        }
        .cell.clash:hover, .cell.clash:focus-within { z-index: 4; }
        .cell.clash:hover .note, .cell.clash:focus-within .note {
          clip-path: none; width: max-content; max-width: min(24rem, 80vw); height: auto; overflow: visible;
          white-space: normal; top: 100%; left: 0; padding: .4rem .5rem; background: var(--paper);
          border: 2px solid var(--clash); border-radius: 4px; box-shadow: 0 4px 14px rgba(0, 0, 0, .2); font-size: .8rem;
        }
        .note .message { display: block; }
        .note .message + .message { margin-top: .3rem; }
        .details h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
        .session { border-top: 1px solid var(--line); padding: .5rem 0; max-width: 48rem; }
        .session:target { background: #fffbe6; }
        .session h4 { margin: 0 0 .2rem; font-size: 1rem; }
        .session .meta { margin: 0 0 .3rem; color: var(--muted); }
        .session.clash h4 { color: var(--clash); }
        .clash-list { color: var(--clash); margin: .2rem 0; padding-left: 1.2rem; }
        .roles { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: .1rem .75rem; margin: .3rem 0; }
        .roles dt { font-weight: 600; }
        .roles dd { margin: 0; }
        .description { white-space: pre-line; }
        @media (max-width: 640px) {
          :root { --lane-min: 9.5rem; --time-width: 3rem; }
          .roles { display: block; }
          .roles dd { margin: 0 0 .3rem; }
          body { font-size: 14px; }
          .page-header, main { padding: 0 .5rem; }
          .day-list { display: none !important; }
          .day-menu { display: block; }
        }
        @page { size: A4 landscape; margin: 10mm; }
        @media print {
          :root { --lane-min: 0; --per-minute: .8px; --time-width: 3rem; }
          h1 { font-size: 1.2rem; margin-top: 0; }
          body { font-size: 8.5pt; }
          .days, .subscribe, .note { display: none; }
          .scroll { overflow: visible; border: none; }
          .day { break-before: page; margin: 0; }
          .day:first-of-type { break-before: auto; }
          .corner, .time { position: static; }
          .cell { break-inside: avoid; }
          .block, .badge, .all-day li { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
          .details { break-before: page; }
        }

        """
}
