#!/usr/bin/env bash
# Pull-request previews (see .github/workflows/preview.yml and prune-previews.yml): find the
# pull request of a commit, take its digests as data, publish a built site under pr-N/ of the
# previews repository, prune the previews of closed pull requests, and keep one comment with
# the link and the digest diff. The workflows run the default branch's copy of this script.
#
#   previews.sh find-pull-request SHA          prints number=N (empty when no open pull
#                                              request is at SHA)
#   previews.sh take-digests SHA               replaces digests/ and themes.yml here by the
#                                              pull request's (GH_REPO, GH_TOKEN)
#   previews.sh publish N SITE_DIR SHA         SITE_DIR -> pr-N/ of PREVIEW_REMOTE; prints
#                                              url=PREVIEW_BASE_URL/pr-N/
#   previews.sh prune [OPEN_NUMBER ...]        removes pr-N/ of every N not listed
#   previews.sh comment N SHA URL DIFF_FILE    posts or updates the marked comment on N
#
# PREVIEW_REMOTE is the previews repository's git address; with PREVIEW_DEPLOY_KEY set, git
# reaches it over SSH with that key, checking GitHub's host keys as its API publishes them.
set -euo pipefail

MARKER="<!-- reading-digest-preview -->"
AUTHOR=(-c user.name="Reading Digest previews" -c user.email="previews@users.noreply.github.com")

die() {
  echo "previews.sh: $*" >&2
  exit 1
}

pull_number() {
  [[ "$1" =~ ^[1-9][0-9]{0,9}$ ]] || die "not a pull request number: '$1'"
}

commit_sha() {
  [[ "$1" =~ ^[0-9a-f]{40}$ ]] || die "not a commit: '$1'"
}

use_deploy_key() {
  [ -n "${PREVIEW_DEPLOY_KEY:-}" ] || return 0
  local key="$RUNNER_TEMP/preview-deploy-key" hosts="$RUNNER_TEMP/github-known-hosts"
  (umask 077 && printf '%s\n' "$PREVIEW_DEPLOY_KEY" > "$key")
  gh api meta --jq '.ssh_keys[] | "github.com " + .' > "$hosts"
  export GIT_SSH_COMMAND="ssh -i $key -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$hosts"
}

clone_previews() {
  [ -n "${PREVIEW_REMOTE:-}" ] || die "PREVIEW_REMOTE is not set"
  use_deploy_key
  git clone --quiet --depth 1 "$PREVIEW_REMOTE" "$1"
}

commit_and_push() {
  local work="$1" message="$2" branch
  git -C "$work" add -A
  if git -C "$work" diff --cached --quiet; then
    return 0
  fi
  git -C "$work" "${AUTHOR[@]}" commit --quiet -m "$message"
  branch="$(git -C "$work" rev-parse --abbrev-ref HEAD)"
  for _ in 1 2 3; do  # another pull request's preview may have been pushed meanwhile
    if git -C "$work" push --quiet origin "HEAD:$branch"; then
      return 0
    fi
    git -C "$work" "${AUTHOR[@]}" pull --quiet --rebase origin "$branch"
  done
  die "could not push to the previews repository"
}

find_pull_request() {
  local sha="$1" number
  commit_sha "$sha"
  number="$(gh pr list --state open --search "$sha" --json number,headRefOid \
    --jq "map(select(.headRefOid == \"$sha\")) | .[0].number // empty")"
  if [ -z "$number" ]; then
    echo "No open pull request is at $sha (closed, or pushed again since): no preview." >&2
  else
    pull_number "$number"
  fi
  echo "number=$number"
}

take_digests() {
  local sha="$1" unpacked
  commit_sha "$sha"
  unpacked="$(mktemp -d)"
  gh api "repos/$GH_REPO/tarball/$sha" | tar -xz -C "$unpacked" --strip-components=1 --no-same-owner
  [ -d "$unpacked/digests" ] || die "the pull request has no digests/ folder"
  if find "$unpacked/digests" "$unpacked/themes.yml" -type l 2>/dev/null | grep -q .; then
    die "the pull request's digests/ or themes.yml hold links: not previewed"
  fi
  rm -rf digests themes.yml
  cp -R "$unpacked/digests" digests
  if [ -f "$unpacked/themes.yml" ]; then
    cp "$unpacked/themes.yml" themes.yml
  fi
  rm -rf "$unpacked"
}

publish() {
  local number="$1" site="$2" sha="$3" work
  pull_number "$number"
  commit_sha "$sha"
  [ -f "$site/index.html" ] || die "$site holds no built site"
  work="$(mktemp -d)/previews"
  clone_previews "$work"
  rm -rf "${work:?}/pr-$number"
  cp -R "$site" "$work/pr-$number"
  touch "$work/.nojekyll"  # served as built: no Jekyll step on the previews' Pages site
  commit_and_push "$work" "Preview of pull request #$number at $sha"
  echo "url=${PREVIEW_BASE_URL:-}pr-$number/"
}

prune() {
  local work open=" " folder number removed=0
  for number in "$@"; do
    pull_number "$number"
    open+="$number "
  done
  work="$(mktemp -d)/previews"
  clone_previews "$work"
  for folder in "$work"/pr-*; do
    [ -d "$folder" ] || continue
    number="${folder##*/pr-}"
    if [[ "$open" != *" $number "* ]]; then
      git -C "$work" rm -r --quiet "pr-$number"
      removed=$((removed + 1))
    fi
  done
  commit_and_push "$work" "Remove $removed preview(s) of closed pull requests"
  echo "Removed $removed preview(s) of closed pull requests." >&2
}

comment() {
  local number="$1" sha="$2" url="$3" diff="$4" body existing
  pull_number "$number"
  commit_sha "$sha"
  body="$(mktemp)"
  {
    echo "$MARKER"
    if [ -n "$url" ]; then
      echo "**Preview**: $url (built from \`${sha:0:12}\` with the default branch's code)"
    else
      echo "No preview link: the previews repository is not set up (README, \"Previews of pull requests\")."
    fi
    echo
    cat "$diff"
  } > "$body"
  existing="$(gh api --paginate "repos/$GH_REPO/issues/$number/comments" \
    --jq ".[] | select(.body | startswith(\"$MARKER\")) | .id" | head -n 1)"
  if [ -n "$existing" ]; then
    gh api --method PATCH "repos/$GH_REPO/issues/comments/$existing" -F "body=@$body" > /dev/null
  else
    gh api --method POST "repos/$GH_REPO/issues/$number/comments" -F "body=@$body" > /dev/null
  fi
}

command="${1:-}"
shift || true
case "$command" in
  find-pull-request) find_pull_request "$@" ;;
  take-digests) take_digests "$@" ;;
  publish) publish "$@" ;;
  prune) prune "$@" ;;
  comment) comment "$@" ;;
  *) die "usage: previews.sh find-pull-request|take-digests|publish|prune|comment ..." ;;
esac
