//! Property tests: any mix of the markup the archives use parses without panicking, and
//! what the parser makes survives `write` and `parse` unchanged.

use crate::common::strategies;

use proptest::prelude::*;

proptest! {
    #![proptest_config(strategies::config(512, "proptest-regressions/parse_props.txt"))]

    #[test]
    fn any_body_round_trips(html in strategies::soup::markup()) {
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
