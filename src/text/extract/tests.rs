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

const NEWS_PAGE: &str = r#"<!DOCTYPE html><html><head><title>Leaders meet at the cosmodrome</title></head><body>
<article><h1>Leaders meet at the cosmodrome</h1>
<div class="article-byline">Jane Doe, Staff Writer</div>
<p>Published on</p>
<figure><img src="/a.jpg" alt="Kim Jong-un and Vladimir Putin at the Vostochny cosmodrome.">
<figcaption>Kim Jong-un and Vladimir Putin at the Vostochny cosmodrome. Picture: AFP</figcaption></figure>
<p>Kim Jong-un and Vladimir Putin at the Vostochny cosmodrome. Picture: AFP</p>
<p>The two leaders met on Wednesday at the launch site in the far east of the country, where they toured
the assembly halls and spoke for several hours about rockets, trade and the war, officials said.</p>
<div class="gallery-controls"><p>Image 1 of 8</p><p>Close</p></div>
<h2>What they discussed</h2>
<p>According to the readout, the talks covered three subjects that both sides had raised before the visit,
and a joint statement was expected later in the week after further meetings between ministers.</p>
<ul><li>Satellite technology and launch services for the coming years</li><li>Food and fuel deliveries across the border</li></ul>
<blockquote><p>We will meet again soon, and the cooperation between our countries will only grow from here.</p></blockquote>
<table><tr><td>Meeting length</td><td>four hours</td></tr></table>
<p>The visit was the first of its kind in four years, and observers in the region watched it closely for any sign of
new agreements on weapons, which both governments have denied discussing in public.</p>
<p class="tags">Tags: <a href="/tag/russia">Russia</a>, <a href="/tag/north-korea">North Korea</a></p>
<div class="share-tools"><p>Share this article</p></div>
<section class="comments"><h3>3 comments</h3><p>Great article, thanks for the detailed report on this.</p></section>
</article></body></html>"#;

#[test]
fn captions_bylines_labels_galleries_tags_and_comments_go_but_the_story_stays() {
    let article = extract(NEWS_PAGE, Some("https://news.example.org/2026/meeting")).unwrap();
    let text = &article.text;
    for kept in [
        "The two leaders met on Wednesday",
        "What they discussed",
        "Satellite technology and launch services",
        "We will meet again soon",
        "Meeting length",
        "The visit was the first of its kind",
    ] {
        assert!(text.contains(kept), "{kept} missing from:\n{text}");
    }
    for junk in [
        "Jane Doe",
        "Published on",
        "cosmodrome.",
        "Picture: AFP",
        "Image 1 of 8",
        "Close",
        "Tags",
        "Share this",
        "comments",
        "Great article",
    ] {
        assert!(!text.contains(junk), "{junk} left in:\n{text}");
    }
    assert!(!article.html.contains("class="), "{}", article.html);
}

#[test]
fn the_page_metadata_comes_with_the_article() {
    let page = PAGE.replace(
        "<meta property=\"og:site_name\" content=\"Example News\">",
        "<meta property=\"og:site_name\" content=\"Example News\">\
         <meta property=\"og:image\" content=\"/img/storm.jpg\">",
    );
    let (article, meta) = extract_page(&page, Some("https://news.example.org/2026/storm")).unwrap();
    assert_eq!(meta.site_name.as_deref(), Some("Example News"));
    assert!(
        meta.title
            .as_deref()
            .is_some_and(|t| t.starts_with("Storm hits the coast")),
        "{meta:?}"
    );
    assert!(article.text.contains("The storm hit"));
    assert_eq!(
        meta.image.as_deref(),
        Some("https://news.example.org/img/storm.jpg")
    );
    assert_eq!(meta.lang.as_deref(), Some("eng"));
}
