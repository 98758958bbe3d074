"""The page's CSS and the one small script (citation links scroll to their source card)."""

CSS = """
#chat .user-q { white-space: pre-wrap; }
.answer p { margin: 0 0 .5em 0; }
.answer .cursor { opacity: .6; animation: blink 1s step-end infinite; }
@keyframes blink { 50% { opacity: 0; } }
.answer .waiting { color: var(--body-text-color-subdued); font-style: italic; }
a.cite { font-weight: 600; text-decoration: none; padding: 0 1px; border-radius: 3px;
         background: var(--color-accent-soft); color: var(--link-text-color); }
.answer .unsupported { text-decoration: underline dotted #dc2626; text-underline-offset: 3px; color: var(--body-text-color-subdued); }
.answer .legend { margin-top: .2em; }
.stats { margin-top: .6em; font-size: .8em; color: var(--body-text-color-subdued); }
.refusal { border-left: 4px solid #d97706; padding-left: .6em; }
.refusal-banner { font-weight: 700; color: #b45309; margin-bottom: .3em; }
.refusal .closest ul { margin: .2em 0 0 1.2em; }
.error-msg { border-left: 4px solid #dc2626; padding-left: .6em; color: #b91c1c; }
table.compare { border-collapse: collapse; margin: .6em 0; font-size: .85em; }
table.compare th, table.compare td { border: 1px solid var(--border-color-primary); padding: 4px 6px;
                                     vertical-align: top; text-align: left; }
.sources h3 { margin: 0 0 .4em 0; }
.sources.empty, .paper.empty { color: var(--body-text-color-subdued); font-style: italic; padding: 1em; }
.src-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .6em .8em; margin-bottom: .7em;
            transition: box-shadow .3s; }
.src-card.flash { box-shadow: 0 0 0 3px var(--color-accent); }
.src-head { font-weight: 600; margin-bottom: .3em; }
.src-n { color: var(--link-text-color); }
.src-date { font-weight: 400; font-size: .85em; color: var(--body-text-color-subdued); margin-left: .3em; }
.badge { font-size: .75em; font-weight: 600; padding: 1px 6px; border-radius: 8px; margin-left: .4em; }
.badge.ok { background: #dcfce7; color: #166534; }
.badge.bad { background: #fee2e2; color: #991b1b; }
.claims { list-style: none; margin: 0 0 .4em 0; padding: 0; font-size: .85em; }
.claims li.ok { color: #166534; }
.claims li.bad { color: #991b1b; }
.abstract { font-size: .88em; line-height: 1.45; }
.abstract mark { background: #fef08a; color: inherit; padding: 0 1px; }
.uncited summary { cursor: pointer; font-weight: 600; }
.uncited li, .sources.refused li { margin-bottom: .4em; }
.snippet { font-size: .8em; color: var(--body-text-color-subdued); }
.paper .meta, .meta { font-size: .85em; color: var(--body-text-color-subdued); }
.corpus-stats table { border-collapse: collapse; font-size: .85em; }
.corpus-stats td, .corpus-stats th { border: 1px solid var(--border-color-primary); padding: 2px 8px; }
.problem { border: 2px solid #dc2626; border-radius: 8px; padding: .6em 1em; color: #b91c1c; background: #fef2f2; }
"""

# Citation links point at #src-<turn>-<n>; scroll the card into view instead of touching the URL hash.
HEAD = """
<script>
document.addEventListener('click', function (event) {
  var link = event.target.closest && event.target.closest('a.cite');
  if (!link) return;
  var card = document.getElementById(link.getAttribute('href').slice(1));
  if (!card) return;
  event.preventDefault();
  card.scrollIntoView({behavior: 'smooth', block: 'center'});
  card.classList.add('flash');
  setTimeout(function () { card.classList.remove('flash'); }, 1500);
}, true);
</script>
"""
