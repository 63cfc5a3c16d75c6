"""``suzhou-news publish DIR --repo-id OWNER/NAME``: one Hub commit, then the tag ``vX.Y.Z``.

The token comes from the usual ``HF_TOKEN`` environment variable (or the
``hf auth login`` token file). ``--dry-run`` lists what would be sent and
touches no network. The release is validated (checksums included) first.
"""

from __future__ import annotations

import json
from pathlib import Path

from suzhou_news.errors import InputError


def release_files(root: Path) -> list[Path]:
    """The files to upload: exactly those ``SHA256SUMS`` lists, and ``SHA256SUMS`` itself.

    Nothing else in the folder is sent, whatever it holds; a listed path that is
    a symlink or leaves the folder is refused (``validate`` reports it too)."""
    files = [root / "SHA256SUMS"]
    for n, line in enumerate((root / "SHA256SUMS").read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        rel = line.partition("  ")[2]
        path = root / rel
        if not rel or Path(rel).is_absolute() or ".." in Path(rel).parts or path.is_symlink() or not path.is_file():
            raise InputError(f"{root / 'SHA256SUMS'}: line {n}: {rel!r} is not a regular file inside the release; "
                             "publish an untouched folder made by `suzhou-news release`")
        files.append(path)
    return sorted(files)


def publish(root: Path, repo_id: str, *, dry_run: bool = False, api=None) -> list[str]:
    """Upload ``root`` as one commit and tag it; returns the lines to print."""
    from suzhou_news.builder.checks.validate import validate_dir

    manifest = root / "manifest.json"
    if not manifest.exists():
        raise InputError(f"{root}: no manifest.json; publish a folder made by `suzhou-news release`")
    version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    if not (root / "SHA256SUMS").exists():
        # validate skips the checksum check when there is no SHA256SUMS (a plain build has none)
        raise InputError(f"{root}: no SHA256SUMS; publish an untouched folder made by `suzhou-news release`")
    problems = validate_dir(root)
    if problems:
        raise InputError(f"{root}: does not validate ({problems[0]}); not publishing a broken release")
    if "/" not in repo_id:
        raise InputError(f"--repo-id {repo_id!r}: expected OWNER/NAME")
    files = release_files(root)
    tag = f"v{version}"
    lines = [f"{'would upload' if dry_run else 'uploading'} {len(files)} files to datasets/{repo_id} "
             f"as one commit, then tag {tag}:"]
    lines += [f"  {p.relative_to(root).as_posix()} ({p.stat().st_size} bytes)" for p in files]
    if dry_run:
        return lines
    if api is None:
        from huggingface_hub import HfApi, get_token

        # get_token(): HF_TOKEN / HUGGING_FACE_HUB_TOKEN, then the `hf auth login` token file
        if not get_token():
            raise InputError("no Hub token: set HF_TOKEN (a write token) or run `hf auth login`")
        api = HfApi()
    from huggingface_hub import CommitOperationAdd

    api.create_repo(repo_id, repo_type="dataset", exist_ok=True)
    ops = [CommitOperationAdd(path_in_repo=p.relative_to(root).as_posix(), path_or_fileobj=str(p)) for p in files]
    info = api.create_commit(repo_id, operations=ops, commit_message=f"Release {tag}", repo_type="dataset")
    api.create_tag(repo_id, tag=tag, revision=info.oid, repo_type="dataset", tag_message=f"suzhou-news {tag}")
    lines.append(f"committed {info.oid} and tagged {tag}: {info.commit_url}")
    return lines
