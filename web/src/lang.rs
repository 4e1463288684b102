//! The language the page opens in: a share link's, else the one chosen before (remembered in
//! localStorage), else the browser's: 中文 if any of its preferred languages is Chinese.

use zkplay_core::tutorial::Lang;

/// The language to open in, from a share link's, the saved choice and the browser's preferred
/// languages (BCP 47 tags, most preferred first), in that order of precedence.
pub fn initial(link: Option<Lang>, saved: Option<Lang>, preferred: &[String]) -> Lang {
    link.or(saved).unwrap_or_else(|| from_browser(preferred))
}

/// 中文 if any preferred language is Chinese (`zh`, `zh-CN`, `zh-Hans-SG` …), else English.
pub fn from_browser(preferred: &[String]) -> Lang {
    let chinese = |tag: &String| {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        primary.eq_ignore_ascii_case("zh")
    };
    if preferred.iter().any(chinese) {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The browser's preferred languages (`navigator.languages`, or `navigator.language`).
pub fn browser_preferred() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let tags: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|t| t.as_string())
        .collect();
    if tags.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_chinese_browser_opens_in_chinese() {
        assert_eq!(from_browser(&tags(&["zh-CN", "zh", "en"])), Lang::Zh);
        assert_eq!(from_browser(&tags(&["en-US", "zh-TW"])), Lang::Zh);
        assert_eq!(from_browser(&tags(&["ZH"])), Lang::Zh);
        assert_eq!(from_browser(&tags(&["en-US", "de"])), Lang::En);
        // `zu` (Zulu) is not `zh`; nor is an empty list.
        assert_eq!(from_browser(&tags(&["zu", "zha"])), Lang::En);
        assert_eq!(from_browser(&[]), Lang::En);
    }

    #[test]
    fn a_link_then_the_saved_choice_then_the_browser() {
        let zh_browser = tags(&["zh-CN"]);
        assert_eq!(initial(None, None, &zh_browser), Lang::Zh);
        assert_eq!(initial(None, Some(Lang::En), &zh_browser), Lang::En);
        assert_eq!(initial(Some(Lang::Zh), Some(Lang::En), &[]), Lang::Zh);
        assert_eq!(
            initial(Some(Lang::En), Some(Lang::Zh), &zh_browser),
            Lang::En
        );
    }
}
