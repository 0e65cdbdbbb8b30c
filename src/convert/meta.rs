//! What the converters show about a post besides its body: title, date, author, source.

use chrono::{DateTime, NaiveDate, Utc};
use url::Url;

use super::language::post_language;
use super::links;
use super::sanitize::clean_line;
use crate::model::{Post, PostDate, Precision};

/// A post's metadata, cleaned for output.
#[derive(Debug, Clone)]
pub(crate) struct PostMeta {
    /// The title, white space collapsed; empty when the post has none.
    pub title: String,
    /// The date: the front matter's, else the date line's, else the epoch comment's in
    /// UTC.
    pub date: Option<PostDate>,
    /// The author, white space collapsed; empty when there is none.
    pub author: String,
    /// The source URL, if it is a followable absolute URL.
    pub source: Option<String>,
    /// The base for the body's relative URLs.
    pub base: Option<Url>,
    /// The post's language tag.
    pub language: String,
    /// The first category, white space collapsed; empty when there is none.
    pub category: String,
}

impl PostMeta {
    pub(crate) fn of(post: &Post) -> PostMeta {
        let fm = post.front_matter.as_ref();
        let date = post.date().cloned().or_else(|| {
            let millis = post.epoch?.millis;
            let instant = DateTime::<Utc>::from_timestamp_millis(millis)?;
            Some(PostDate::from_datetime(instant.fixed_offset()))
        });
        let base = links::base_url(post);
        PostMeta {
            title: post.title().map(clean_line).unwrap_or_default(),
            date,
            author: fm
                .and_then(|fm| fm.author.as_deref())
                .map(clean_line)
                .unwrap_or_default(),
            // The source is the base when that is a web address: one parse of the URL.
            source: base
                .as_ref()
                .filter(|url| matches!(url.scheme(), "http" | "https"))
                .map(|url| url.as_str().to_owned()),
            base,
            language: post_language(post),
            category: fm
                .and_then(|fm| fm.categories.first())
                .map(|c| clean_line(c))
                .unwrap_or_default(),
        }
    }

    /// The instant used to order posts.
    pub(crate) fn instant(&self) -> Option<DateTime<Utc>> {
        self.date.as_ref().map(PostDate::instant)
    }

    /// The calendar day as written.
    pub(crate) fn day(&self) -> Option<NaiveDate> {
        self.date.as_ref().map(PostDate::date)
    }
}

/// The date for a reader, in its own offset: `2024-07-03 16:00 +08:00`, `… 08:00:33 UTC`,
/// `2024-07-03` for a bare day; no fraction of a second.
pub(crate) fn display_date(date: &PostDate) -> String {
    let mut out = date.date().format("%Y-%m-%d").to_string();
    let Some(time) = date.time() else {
        return out;
    };
    let format = if date.precision() == Precision::Minute {
        " %H:%M"
    } else {
        " %H:%M:%S"
    };
    out.push_str(&time.format(format).to_string());
    match date.offset() {
        Some(offset) if offset.local_minus_utc() == 0 => out.push_str(" UTC"),
        Some(offset) => {
            out.push(' ');
            out.push_str(&offset.to_string());
        }
        None => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The source is what resolving the header's URL on its own gives, but a `mailto:`.
    #[test]
    fn the_source_is_the_header_url_when_it_is_a_web_address() {
        for from in [
            "https://www.zaobao.com/realtime/china/story20240703-4032055",
            "  http://example.org/a?b=1#c ",
            "HTTPS://EXAMPLE.COM/",
            "http://例子.测试/路径",
            "https://",
            "http:/x",
            "mailto:editor@example.com",
            "ftp://example.com/a",
            "javascript:alert(1)",
            "/relative/path",
            "",
        ] {
            let mut post = Post::new();
            post.header = Some(crate::model::Header::new("t", from));
            let expected = links::resolve(None, from).filter(|s| !s.starts_with("mailto:"));
            assert_eq!(PostMeta::of(&post).source, expected, "{from:?}");
        }
    }

    #[test]
    fn dates_in_their_own_offset() {
        let d = |s| display_date(&PostDate::parse(s).unwrap());
        assert_eq!(d("2024-07-03 16:00:33 +0800"), "2024-07-03 16:00:33 +08:00");
        assert_eq!(d("2024-07-03T08:00:33.512Z"), "2024-07-03 08:00:33 UTC");
        assert_eq!(d("2024-07-03 16:00"), "2024-07-03 16:00");
        assert_eq!(d("2024-07-03"), "2024-07-03");
        assert_eq!(
            d("2024-03-10T02:30:00.250-04:00"),
            "2024-03-10 02:30:00 -04:00"
        );
    }

    #[test]
    fn epoch_stands_in_for_a_missing_date() {
        let mut post = Post::new();
        post.epoch = Some(crate::model::Epoch::new(1_719_993_633_000));
        let meta = PostMeta::of(&post);
        assert_eq!(
            meta.date.map(|d| display_date(&d)).as_deref(),
            Some("2024-07-03 08:00:33 UTC")
        );
    }
}
