# word.awk: text extracted from a word-processor document (meeting papers)
# -> sk-mkcorpus description (A4 layout).
#
# The extracted text has one printed line per line, lines end in a space,
# and a line that starts with a single space begins a new printed page.
# The document is laid out anew (and re-paginated), so:
#   - printed lines are joined again into paragraphs: a line of WRAP or more
#     bytes was wrapped by the word processor and is joined to the next with a
#     space ("e-" + "helse" is joined without one); a shorter line ends a line;
#     a block that starts in lower case continues the paragraph before it;
#   - a page-start line standing alone before a paragraph that starts in
#     upper case is the title of a new memo: new page and @h1;
#   - "Møte / Dato / Tid / Sted / Medlemmer / ..." after a title become a
#     key/value table, "Sak ... Sakstype" agendas become tables, and the memo
#     form "Til / Dato / Saksnummer / Type / Fra / Saksbehandler" becomes a
#     key/value table;
#   - lines starting with "•", "o", "-", "1." etc. are list items;
#   - extraction debris is dropped: bare URLs repeated on lines of their own
#     after a blank line (link annotations) and the old page footers
#     "Notat side N av M".
#
# Truth (truth.awk, loaded before this file): "@truth" directives for the
# paper's council and meeting (P: the bundle's, on every page), agenda rows
# (of minutes inside the bundle: dated as their head says, as are their
# items), case headings (role minutes after a
# minutes head; in the bundle's annotated agenda role case when the case has
# no memo of its own, else agenda), memos (role case, the number from the
# memo form), mentions, and the text after "Forslag til vedtak"/"Vedtak".
#
# Variables (-v): title, header, header_right, footer, date, author, subject,
# body (canonical council), meeting (YYYY-MM-DD)

function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
function out(s) { print s; tr_watch(s) }

function flush(    k, m, parts, first) {
  if (btype == "") return
  if (btype ~ /^@(p|item|item2)$/) tr_mention_lines(tr_text(btext), body)
  m = split(btext, parts, "\n")
  first = 1
  for (k = 1; k <= m; k++) {
    if (parts[k] == "") continue
    if (first) { out(btype " " parts[k]); first = 0 }
    else out("@+ " parts[k])
  }
  btype = ""; btext = ""; blast = ""
}

function add_line(s, bt) {
  if (btype == "@h2" && s !~ /^[a-z]/) bt = "@p"
  if (btype == "" || bt != "") {
    flush()
    btype = (bt != "" ? bt : "@p"); btext = s; blast = s
    return
  }
  if (length(blast) >= WRAP) {
    if (blast ~ /[[:alpha:]]-$/ && s ~ /^[a-zæøå]/) btext = btext s
    else btext = btext " " s
  } else {
    btext = btext "\n" s
  }
  blast = s
}

function is_item(s) {
  return (s ~ /^(•|o|-|▪|[0-9][0-9]?\.) / && s !~ /^[0-9]+\. (januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)/)
}

function item_of(s,    mk) {
  mk = s; sub(/ .*/, "", mk)
  sub(/^[^ ]+ +/, "", s)
  return ((mk == "o" ? "@item2 " : "@item ") mk "\t" s)
}

# The values of the memo form at line j (Til, Dato, Saksnummer, Type) into
# fv[1..4]; returns the line after them.
function memo_values(j,    nv, v) {
  j++
  while (j <= n && trim(L[j]) ~ /^(Dato|Saksnummer|Type|)$/) j++
  nv = 0
  for (; j <= n && nv < 4; j++) { v = trim(L[j]); if (v != "") fv[++nv] = v }
  return j
}

# The case number in the memo form under the memo title at line i, "" if
# the memo has no form (an attachment of the memo before it).
function memo_case(i,    j) {
  for (j = i + 1; j <= n && !memo[j]; j++)
    if (!drop[j] && trim(L[j]) == "Til" && trim(L[j + 1]) == "Dato") {
      memo_values(j)
      return (fv[3] ~ /^[0-9]+\/[0-9][0-9]$/) ? fv[3] : ""
    }
  return ""
}

# The meeting date in the key/value head that starts at line i.
function head_date(i,    j) {
  for (j = i + 1; j <= n && j <= i + 12; j++)
    if (trim(L[j]) ~ /^Dato /) return tr_date(trim(L[j]))
  return ""
}

# Memo form "Til / Dato / Saksnummer / Type" + "Fra / Saksbehandler" at
# line j: print it as a key/value table, mark its lines consumed.
function memo_form(j,    i0, fra, sb, k) {
  i0 = j
  j = memo_values(j)
  out("@table kv")
  out("@row Til\t" fv[1]); out("@row Dato\t" fv[2]); out("@row Saksnummer\t" fv[3]); out("@row Type\t" fv[4])
  while (j <= n && trim(L[j]) == "") j++
  if (trim(L[j]) == "Fra" && trim(L[j + 1]) == "Saksbehandler") {
    j += 2
    while (j <= n && trim(L[j]) == "") j++
    fra = trim(L[j]); sb = ""; j++
    while (j <= n && trim(L[j]) != "" && L[j] !~ /^ [^ ]/) { sb = sb (sb == "" ? "" : " ") trim(L[j]); j++ }
    out("@row Fra\t" fra); out("@row Saksbehandler\t" sb)
  }
  for (k = i0; k < j; k++) drop[k] = 1
}

function is_memo_title(i,    s, nx) {
  s = trim(L[i])
  if (L[i] !~ /^ [^ ]/ || i >= n || trim(L[i + 1]) != "") return 0
  if (s ~ /[:,.]$/ || is_item(s)) return 0
  nx = next_nonblank(i)
  return (nx && trim(L[nx]) ~ /^[A-ZÆØÅ]/)
}

function next_nonblank(i) {
  for (i = i + 1; i <= n; i++) if (!drop[i] && trim(L[i]) != "") return i
  return 0
}

function is_sakstype(w) { return w ~ /^(Godkjenning|Orientering|Drøfting|Tilslutning)$/ }

# Agenda: "Sak <title words> [Tidspunkt] Sakstype" followed by rows.
# Returns the index of the last line consumed, or 0 if not a table.
function agenda(i,    j, end, ev, k, s, rows, r, cells, hdr, w, nw, tm, st, has_time, mid) {
  ev = 0
  for (j = i + 1; j <= n && j <= i + 80; j++) {
    s = L[j]
    if (s ~ /^ [^ ]/ && s !~ /^ Pause/) return 0
    if (trim(s) ~ /^[0-9]+\/[0-9]+ +Eventuelt/) { ev = j; break }
  }
  if (!ev) return 0
  for (end = ev; end < n && trim(L[end + 1]) != ""; end++) ;
  # collect rows
  r = 0; has_time = 0
  for (j = i + 1; j <= end; j++) {
    if (drop[j]) continue
    s = trim(L[j])
    if (s == "") continue
    if (s ~ /^[0-9]+\/[0-9]+ / || s ~ /^Pause( |$)/) row[++r] = s
    else if (r > 0) row[r] = row[r] " " s
  }
  for (k = 1; k <= r; k++) if (row[k] ~ /[0-9][0-9]:[0-9][0-9]/) has_time = 1
  hdr = trim(L[i]); nw = split(hdr, w, / +/)
  mid = ""
  for (k = 2; k <= nw; k++) if (w[k] != "Tidspunkt" && w[k] != "Sakstype") mid = mid (mid == "" ? "" : " ") w[k]
  flush()
  out("@table header")
  out("@row Sak\t" mid (has_time ? "\tTidspunkt" : "") "\tSakstype")
  for (k = 1; k <= r; k++) {
    s = row[k]; gsub(/  +/, " ", s)
    cells = ""; tm = ""; st = ""
    if (s ~ /^[0-9]+\/[0-9]+ /) { cells = s; sub(/ .*/, "", cells); sub(/^[^ ]+ /, "", s) }
    if (match(s, /[0-9][0-9]:[0-9][0-9]/)) {
      tm = substr(s, RSTART, RLENGTH)
      s = trim(substr(s, 1, RSTART - 1)) " " trim(substr(s, RSTART + RLENGTH))
    }
    s = trim(s)
    nw = split(s, w, / /)
    if (nw > 1 && is_sakstype(w[nw])) { st = w[nw]; sub(/ [^ ]+$/, "", s) }
    if (cells ~ /^[0-9]+\/[0-9][0-9]$/) tr_emit("R\t" body "\t" cells "\tagenda\t" sec_date)
    out("@row " cells "\t" s (has_time ? "\t" tm : "") "\t" st)
  }
  delete row
  return end
}

{ L[++n] = $0 }

END {
  if (WRAP == "") WRAP = 58
  # normalise; mark debris
  for (i = 1; i <= n; i++) {
    sub(/\r$/, "", L[i]); sub(/ +$/, "", L[i])
    gsub(/\357\202\247/, "▪", L[i])        # U+F0A7 (Wingdings bullet)
    s = trim(L[i])
    if (s ~ /^https?:\/\/[^ ]+$/ && (i == 1 || trim(L[i - 1]) == "" || drop[i - 1])) drop[i] = 1
    if (s ~ /^Notat side [0-9]+ av [0-9]+$/) drop[i] = 1
  }
  for (i = 1; i <= n; i++) memo[i] = is_memo_title(i)
  for (i = 1; i <= n; i++) if (memo[i] && (mc = memo_case(i)) != "") { memo_no[i] = mc; has_memo[mc] = 1 }
  out("@layout a4")
  out("@meta title=" title)
  if (author != "") out("@meta author=" author)
  if (subject != "") out("@meta subject=" subject)
  out("@meta creator=Microsoft® Word for Microsoft 365")
  out("@meta date=" date)
  out("@header " header)
  out("@header-right " header_right)
  out("@footer " footer)

  mode = "body"; btype = ""; gap = 0
  for (i = 1; i <= n; i++) {
    if (drop[i]) continue
    raw = L[i]; s = trim(raw)
    if (s == "") { gap = 1; if (btype != "@p" && btype != "@item" && btype != "@item2") flush(); continue }
    ps = (raw ~ /^ [^ ]/)
    nx = next_nonblank(i)

    # document title / minutes title: key-value head follows
    if (i == 1 || (ps && i < n && L[i + 1] ~ /^Møte /)) {
      flush()
      if (i > 1) out("@page")
      tr_end()
      sec_date = (i == 1 ? meeting : head_date(i)); if (sec_date == "") sec_date = "-"
      sec_minutes = (i > 1 && s ~ /^(Referat|Protokoll)/)
      if (i == 1) tr_emit("P\t" body "\t" meeting)
      out("@h1 " s)
      mode = "head"; nkv = 0; gap = 0
      continue
    }
    if (mode == "head") {
      if (s ~ /^Sak /) {
        out("@table kv")
        for (k = 1; k <= nkv; k++) out("@row " kk[k] "\t" kvv[k])
        mode = "body"
      } else {
        if (match(s, /^(Møte|Dato|Tid|Sted|Medlemmer|Observatører|Ikke til stede)( |$)/)) {
          nkv++
          kk[nkv] = trim(substr(s, 1, RLENGTH)); kvv[nkv] = trim(substr(s, RLENGTH + 1))
        } else if (nkv > 0) {
          kvv[nkv] = (kvv[nkv] == "" ? s : kvv[nkv] "\\n" s)
        }
        continue
      }
    }
    # memo title; the memo form (printed beside the text) goes under it
    if (memo[i]) {
      flush(); out("@page")
      if (memo_no[i] != "") {
        sec_date = meeting; sec_minutes = 0
        tr_open(body, memo_no[i], "case", meeting)
      }
      out("@h1 " s); gap = 0
      for (j = i + 1; j <= n && !memo[j]; j++)
        if (!drop[j] && trim(L[j]) == "Til" && trim(L[j + 1]) == "Dato") { memo_form(j); break }
      continue
    }
    # agenda tables
    if (s ~ /^Sak +(Agenda|Tema)/) {
      e = agenda(i)
      if (e) { i = e; gap = 0; continue }
      flush(); out("@h3 " s); gap = 0
      continue
    }
    if (s ~ /^Sak [0-9]+\. /) { flush(); out("@h3 " s); gap = 0; continue }
    # case headings in agenda texts and minutes: "24/20 Title"
    if (s ~ /^[0-9]+\/[0-9][0-9] [A-ZÆØÅ]/) {
      flush()
      cno = s; sub(/ .*/, "", cno)
      tr_open(body, cno, sec_minutes ? "minutes" : (has_memo[cno] ? "agenda" : "case"), sec_date)
      btype = "@h2"; btext = s; blast = s; gap = 0
      continue
    }
    if (s ~ /^(Forslag til vedtak|Vedtak):?$/) { flush(); out("@h3 " s); gap = 0; continue }
    if (is_item(s)) { flush(); out_item = item_of(s); btype = substr(out_item, 1, index(out_item, " ") - 1); btext = substr(out_item, index(out_item, " ") + 1); blast = s; gap = 0; continue }
    # a block that starts in lower case continues the paragraph before it
    if (gap && btype != "" && s ~ /^[a-zæøå]/ && btype != "@h2") {
      if (blast ~ /[[:alpha:]]-$/) btext = btext s; else btext = btext " " s
      blast = s; gap = 0
      continue
    }
    if (gap) {
      flush()
      # a lone short line followed by a blank line is a sub-heading
      if (nx && i < n && trim(L[i + 1]) == "" && length(s) < 60 && s ~ /^[A-ZÆØÅ]/ && s !~ /[.,:;]$/ && trim(L[nx]) ~ /^[A-ZÆØÅ0-9•]/ ) {
        out("@h3 " s); gap = 0
        continue
      }
    }
    gap = 0
    # footnote text
    if (s ~ /^[0-9] [A-ZÆØÅ]/ && i > 1 && trim(L[i - 1]) == "") { flush(); out("@note " s); continue }
    # a new printed page that starts a new paragraph
    if (ps && s ~ /^[A-ZÆØÅ]/ && (btype ~ /^@item/ || blast ~ /[.:!?]$/)) { flush(); add_line(s, "@p"); continue }
    add_line(s, "")
  }
  flush()
  tr_close()
}
