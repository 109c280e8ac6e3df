{#- Material's helpers for its scripts (partials/javascripts/base.html of Material 9.8.1; a test
    compares them), as one cached file that every page's head loads, blocking, where the inline
    copy ran. The scope, under which the reader's settings such as the palette are stored, is
    the site's root (or extra.scope, resolved from it), found from this file's own address two
    folders below the root rather than from each page's. Rendered by MkDocs as a static
    template (theme.static_templates in mkdocs.yml). -#}
__md_scope=new URL({{ config.extra.scope | d("", true) | tojson }},new URL("../..",document.currentScript.src)),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
