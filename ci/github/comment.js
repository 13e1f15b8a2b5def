// One comment of advoc's per pull request: found by its first line, a hidden
// marker, and edited on each push instead of adding another. Run by
// actions/github-script in action.yml; tests/test_ci_integrations.py runs it
// with node against a recorder of the requests it sends.
"use strict";

const MARKER = "<!-- advoc-diff -->";
// GitHub refuses comments longer than 65,536 characters.
const LIMIT = 65000;

function commentBody(diff) {
  let text = diff.trim() || "advoc diff: no change to the registry.";
  if (text.length > LIMIT) {
    text = text.slice(0, LIMIT) + "\n\n… (cut: the job summary has all of it)";
  }
  return `${MARKER}\n${text}\n`;
}

module.exports = async function upsertComment({ github, context, core, body }) {
  const { owner, repo } = context.repo;
  const issue_number = context.payload.pull_request.number;
  const text = commentBody(body);
  try {
    const comments = await github.paginate(github.rest.issues.listComments, {
      owner, repo, issue_number, per_page: 100,
    });
    const ours = comments.find(
      (comment) => comment.user && comment.user.type === "Bot"
        && typeof comment.body === "string" && comment.body.startsWith(MARKER),
    );
    if (!ours) {
      await github.rest.issues.createComment({ owner, repo, issue_number, body: text });
      return "advoc: comment created";
    }
    if (ours.body === text) return "advoc: comment unchanged";
    await github.rest.issues.updateComment({ owner, repo, comment_id: ours.id, body: text });
    return "advoc: comment updated";
  } catch (error) {
    // A pull request from a fork gets a read-only token: the job summary still has it.
    if (error.status === 403 || error.status === 404) {
      core.warning(`advoc could not comment on the pull request (${error.status}); see the job summary`);
      return "advoc: no comment";
    }
    throw error;
  }
};
