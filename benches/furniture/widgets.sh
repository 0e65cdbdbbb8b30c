#!/bin/sh
# Counts the posts whose text output still holds each widget text of issue 16's table.
#   benches/furniture/widgets.sh NEWSPOST_BINARY DIR [--keep-furniture]
# Each post is converted on its own (`convert --to text`); a widget counts once per post.
set -eu
bin=$1; dir=$2; shift 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" convert --quiet --to text "$@" --out-dir "$out" "$dir" || true
count() { grep -rlF -e "$1" "$out" | wc -l; }
printf '%-40s %s\n' widget posts
for w in '訂閱《國際新聞》電子報' '請輸入正確的電子信箱格式' '感謝您的訂閱！' 'error.svg' 'javascript:' \
         '延伸閱讀' '获取更多RSS' '© 2020 AFP' '© 2021 AFP' '德国之声版权声明'; do
    printf '%-40s %s\n' "$w" "$(count "$w")"
done
# Words that articles use too: only a line of their own counts.
for w in 'Related' '广告'; do
    printf '%-40s %s\n' "$w (a line of its own)" "$(grep -rlx -e "$w" "$out" | wc -l)"
done
printf '%-40s %s\n' 'posts' "$(find "$out" -type f | wc -l)"
