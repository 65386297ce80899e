//! Tests of the extraction pipeline on small pages of our own.

use super::*;

const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Storm hits the coast | Example News</title>
<meta property="og:site_name" content="Example News"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/tech">Tech</a></li></ul></nav>
<article><h1>Storm hits the coast</h1><p class="byline">By Jane Doe</p>
<p>The storm hit the northern coast overnight, damaging dozens of wind turbines and cutting power to
thousands of homes. Engineers said repairs would take weeks.</p>
<p>Officials said the <a href="/reports/storm">full damage report</a> would be published on Friday,
after inspections of every turbine in the farm.</p>
<p>Share on Facebook Twitter</p>
<p>Residents described winds strong enough to lift roofs, and several roads remained closed on Monday
morning as crews cleared fallen trees.</p></article>
<aside><h3>Most read</h3><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li></ul></aside>
<footer><p>© 2026 Example News. All rights reserved.</p></footer></body></html>"#;

#[test]
fn the_article_is_kept_and_the_boilerplate_goes() {
    let article = extract(PAGE, Some("https://news.example.org/2026/storm")).unwrap();
    assert!(
        article
            .text
            .contains("The storm hit the northern coast overnight"),
        "{}",
        article.text
    );
    assert!(article.text.contains("crews cleared fallen trees"));
    for junk in [
        "Home",
        "Other story",
        "Share on Facebook",
        "All rights reserved",
        "By Jane Doe",
    ] {
        assert!(
            !article.text.contains(junk),
            "{junk} left in:\n{}",
            article.text
        );
    }
    assert_eq!(article.site_name.as_deref(), Some("Example News"));
}

#[test]
fn relative_links_become_absolute() {
    let article = extract(PAGE, Some("https://news.example.org/2026/storm")).unwrap();
    assert!(
        article
            .html
            .contains("https://news.example.org/reports/storm"),
        "{}",
        article.html
    );
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let page = "<div>".repeat(100_000) + "text" + &"</div>".repeat(100_000);
    assert_eq!(nesting_depth(&page), 100_000);
    assert_eq!(extract(&page, None), Err(ExtractError::TooDeep));
}

#[test]
fn void_elements_and_scripts_do_not_count_as_nesting() {
    let page = "<p>a<br>b<img src=x><br/></p><script>if (a<b) { x = '<div><div>'; }</script>";
    assert_eq!(nesting_depth(page), 1);
}

#[test]
fn a_page_without_an_article_is_an_error() {
    assert_eq!(
        extract("<html><body></body></html>", None),
        Err(ExtractError::NoArticle)
    );
}
