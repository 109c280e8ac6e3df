{#- Material's light/dark toggle (partials/palette.html) and its palette script (it applies
    the reader's chosen light or dark scheme before the page is drawn), as one cached file
    instead of a copy of both in every page (1.1 KB a page): the header loads it, blocking,
    where the toggle goes; it puts the toggle in its own place, then runs Material's script,
    as the inline copies ran. The toggle does nothing without a script either way. Rendered by
    MkDocs as a static template (theme.static_templates in mkdocs.yml). -#}
{%- if config.theme.palette and config.theme.palette is not mapping %}
{%- set toggle %}{% include "partials/palette.html" %}{% endset -%}
document.currentScript.insertAdjacentHTML("beforebegin",{{ toggle | trim | tojson }});
{% endif -%}
{% filter replace("<script>", "") | replace("</script>", "") | trim %}
{% include "partials/javascripts/palette.html" %}
{% endfilter %}
