{#- Material's palette script (it applies the reader's chosen light or dark scheme before the
    page is drawn), as one cached file instead of a copy inlined in every page: the header
    loads it right after the palette toggle, blocking, as the inline copy ran. Rendered by
    MkDocs as a static template (theme.static_templates in mkdocs.yml). -#}
{%- filter replace("<script>", "") | replace("</script>", "") | trim %}
{% include "partials/javascripts/palette.html" %}
{% endfilter %}
