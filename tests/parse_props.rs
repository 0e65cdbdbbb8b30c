//! Property tests: any mix of the markup the archives use parses without panicking, and
//! what the parser makes survives `write` and `parse` unchanged.

use proptest::prelude::*;

const PIECES: &[&str] = &[
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<span>",
    "</span>",
    "<b>",
    "</b>",
    "<em>",
    "</em>",
    "<a href=\"https://x.example/?a=1&amp;b=2\">",
    "<a>",
    "</a>",
    "<br>",
    "<br><br>",
    "<ul>",
    "</ul>",
    "<ol>",
    "<li>",
    "</li>",
    "<blockquote>",
    "</blockquote>",
    "<h2>",
    "</h2>",
    "<table>",
    "<tr>",
    "<td>",
    "<th>",
    "</td>",
    "</table>",
    "<figure>",
    "</figure>",
    "<figcaption>",
    "</figcaption>",
    "<div class=\"figure-media\">",
    "<img src=\"a.jpg\" alt=\" x \">",
    "<img data-src=\"//cdn.example/b.jpg\" src=\"data:image/gif;base64,R0l=\">",
    "<img>",
    "<picture><source srcset=\"c.webp 1x\"><img></picture>",
    "<iframe src=\"https://v.example/e\"></iframe>",
    "<video><source src=\"v.mp4\"></video>",
    "<pre>",
    "</pre>",
    "<code>",
    "</code>",
    "<hr>",
    "<script>var x = '<p>';</script>",
    "<noscript><img src=\"n.jpg\"></noscript>",
    "<div id=\"dfp-ad-1\">AD</div>",
    "<!-- c -->",
    "text",
    " ",
    "\n",
    "&nbsp;",
    "\u{3000}",
    "&lt;tag&gt;",
    "&amp;",
    "中文",
    "\u{200b}",
    "\t",
    "<",
    ">",
    "&",
    "\"",
    "<section id=\"imu\">",
    "</section>",
    "<dl><dt>",
    "<dd>",
    "<select><option>",
    "<svg><style>s</style>",
    "<math>",
    "<textarea>",
    "<title>",
    "<xmp>",
    "<i>",
    "</i>",
    "<p><img src=\"p.jpg\">",
    "<td><p>",
    "<center>",
    "<h1>",
    "</h1>",
    "<em><em>",
    "<a href=\"\">",
    "<audio src=\" \">",
    "<font>",
    "<u>",
    "<sup>",
    "<h3><strong>",
    "</strong></h3>",
    "<caption>c</caption>",
];

fn body() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_body_round_trips(html in body()) {
        let parsed = newspost::parse_lenient(&html);
        let written = newspost::write(&parsed.post);
        let again = newspost::parse(&written);
        prop_assert!(again.is_ok(), "written form fails: {:?}\n{written}", again.err());
        let again = again.unwrap_or_default();
        prop_assert!(
            again == parsed.post,
            "round trip changed the post\ninput:   {html}\nwritten: {written}\nbefore: {}\nafter:  {}",
            newspost::to_json_string(&parsed.post),
            newspost::to_json_string(&again)
        );
        // Writing is stable from then on.
        prop_assert_eq!(newspost::write(&again), written);
    }
}
