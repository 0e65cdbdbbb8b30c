//! The few words the converters add themselves, in the post's language.

use crate::model::EmbedKind;

/// Words for one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Labels {
    pub figure: &'static str,
    pub image_link: &'static str,
    pub video: &'static str,
    pub audio: &'static str,
    pub embed: &'static str,
    pub untitled: &'static str,
    pub source: &'static str,
    pub contents: &'static str,
    pub undated: &'static str,
    pub unknown_source: &'static str,
    pub uncategorized: &'static str,
    pub posts: &'static str,
}

const ZH: Labels = Labels {
    figure: "图",
    image_link: "图片",
    video: "视频",
    audio: "音频",
    embed: "嵌入内容",
    untitled: "无标题",
    source: "原文",
    contents: "目录",
    undated: "无日期",
    unknown_source: "来源不明",
    uncategorized: "未分类",
    posts: "篇",
};

const EN: Labels = Labels {
    figure: "Figure",
    image_link: "Image",
    video: "Video",
    audio: "Audio",
    embed: "Embedded content",
    untitled: "Untitled",
    source: "Source",
    contents: "Contents",
    undated: "Undated",
    unknown_source: "Unknown source",
    uncategorized: "Uncategorized",
    posts: "posts",
};

impl Labels {
    /// The words for a language tag: Chinese for `zh…`, English otherwise.
    pub(crate) fn for_language(tag: &str) -> &'static Labels {
        if tag.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("zh")) {
            &ZH
        } else {
            &EN
        }
    }

    /// What an embed is called.
    pub(crate) fn embed_kind(&self, kind: EmbedKind) -> &'static str {
        match kind {
            EmbedKind::Video => self.video,
            EmbedKind::Audio => self.audio,
            _ => self.embed,
        }
    }

    /// Whether a count goes after the word (`12 posts`) or is joined to it (`12 篇`).
    pub(crate) fn count(&self, n: usize) -> String {
        format!("{n} {}", self.posts)
    }
}
