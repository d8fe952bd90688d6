"""Web API methods of files.upload_v2 (get an upload URL, post the bytes, complete), mixed into
the workspace: the bot sends a person their own data as files in a DM."""

from __future__ import annotations

import json
from typing import Any

from .models import ApiError


class FileMethods:
    """files.getUploadURLExternal, the upload URL, files.completeUploadExternal."""

    def files_get_upload_url_external(self, params: dict[str, Any]) -> dict[str, Any]:
        """files.getUploadURLExternal: the first step of files.upload_v2."""
        filename = self._required(params, "filename")
        length = int(self._required(params, "length"))
        file_id = self.new_id("F")
        self.uploads[file_id] = {"filename": filename, "length": length, "content": None}
        return {"ok": True, "file_id": file_id, "upload_url": f"{self.http_base}/upload/{file_id}"}

    def receive_upload(self, file_id: str, content: bytes) -> bool:
        """The bytes POSTed to an upload URL (the second step); False for an unknown URL."""
        upload = self.uploads.get(file_id)
        if upload is None:
            return False
        upload["content"] = content
        return True

    def files_complete_upload_external(self, params: dict[str, Any]) -> dict[str, Any]:
        """files.completeUploadExternal: shares the uploaded files in a channel (or DM)."""
        files = params.get("files")
        if isinstance(files, str):
            files = json.loads(files)
        if not isinstance(files, list) or not files:
            raise ApiError("invalid_arguments")
        channel_id = params.get("channel_id")
        if channel_id is not None:
            self._postable(channel_id)
        done = []
        for item in files:
            upload = self.uploads.get(str(item.get("id")))
            if upload is None or upload["content"] is None:
                raise ApiError("file_not_found")
            if len(upload["content"]) != upload["length"]:
                raise ApiError("file_upload_size_mismatch")
            record = {
                "id": item["id"],
                "title": item.get("title") or upload["filename"],
                "filename": upload["filename"],
                "content": upload["content"],
                "channel": channel_id,
                "initial_comment": params.get("initial_comment"),
            }
            self.files.append(record)
            done.append({"id": record["id"], "title": record["title"]})
        return {"ok": True, "files": done}
