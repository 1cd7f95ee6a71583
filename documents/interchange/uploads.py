"""The upload handler that keeps the interchange upload within budgetnotes.limits.UPLOAD_BYTES."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from budgetnotes.limits import UPLOAD_BYTES


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading an upload as soon as it is larger than UPLOAD_BYTES (by its declared
    length, or by counting what arrives), before anything is stored; the view then says so.
    First in settings.FILE_UPLOAD_HANDLERS. The rest of the body is read and dropped, so the
    browser gets the answer; a reverse proxy should refuse far larger bodies itself (docs/operations.md).
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        # Room for the form's other fields (the CSRF token comes before the file and is read).
        self.declared_too_large = content_length > UPLOAD_BYTES + 64 * 1024

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.declared_too_large:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > UPLOAD_BYTES:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _refuse(self):
        self.request.upload_too_large = True
        raise StopUpload(connection_reset=False)
