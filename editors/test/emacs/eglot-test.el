;;; eglot-test.el --- Batch test of copydesk under Emacs and eglot  -*- lexical-binding: t -*-

;; Run by editors/test/run: emacs --batch -Q -l editors/test/emacs/eglot-test.el, with
;; COPYDESK_BIN (the server binary) and COPYDESK_REPO (the repository root) in the environment.
;; Emacs in batch mode runs no idle timers, so flymake is started by hand while waiting.

;;; Code:

(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
(require 'flymake)
(require 'json)
(require 'markdown-mode nil t)
(require 'subr-x)

(setq make-backup-files nil
      create-lockfiles nil
      eglot-sync-connect 10
      eglot-autoshutdown nil)

(defvar copydesk-test-repo (file-name-as-directory (getenv "COPYDESK_REPO")))
(defvar copydesk-test-bin (getenv "COPYDESK_BIN"))
(defvar copydesk-test-label (format "emacs %s + eglot" emacs-version))
(defvar copydesk-test-counts (list 0 0 0) "Passed, failed, pending.")

(add-to-list 'auto-mode-alist '("\\.txt\\'" . text-mode))

;; Load the eglot set-up that editors/README.md gives users, word for word, with `copydesk' on
;; exec-path pointing at the binary under test.
(let ((bin-dir (make-temp-file "copydesk-bin" t)) snippet)
  (with-temp-buffer
    (insert-file-contents (expand-file-name "editors/README.md" copydesk-test-repo))
    (unless (search-forward "\n```elisp\n" nil t)
      (error "No elisp snippet in editors/README.md"))
    (let ((beg (point)))
      (search-forward "\n```")
      (setq snippet (buffer-substring beg (match-beginning 0)))))
  (with-temp-buffer
    (insert snippet)
    (eval-buffer))
  (make-symbolic-link copydesk-test-bin (expand-file-name "copydesk" bin-dir))
  (push bin-dir exec-path)
  (add-hook 'kill-emacs-hook (lambda () (delete-directory bin-dir t))))
(unless (assoc '(markdown-mode text-mode) eglot-server-programs)
  (error "The README's snippet did not register copydesk with eglot"))

(defun copydesk-test-out (format-string &rest args)
  "Print FORMAT-STRING with ARGS and a newline to standard output."
  (princ (concat (apply #'format format-string args) "\n")))

(defun copydesk-test-read-file (file)
  "The contents of FILE, as a string."
  (with-temp-buffer
    (insert-file-contents file)
    (buffer-string)))

(defvar copydesk-test-expect
  (let ((json-object-type 'alist) (json-array-type 'list) (json-key-type 'symbol))
    (json-read-file (expand-file-name "editors/test/expect.json" copydesk-test-repo))))

(defvar copydesk-test-pending
  (let ((file (or (getenv "COPYDESK_PENDING")
                  (expand-file-name "editors/test/pending" copydesk-test-repo))))
    (seq-remove (lambda (line) (or (string-empty-p line) (string-prefix-p "#" line)))
                (mapcar #'string-trim (split-string (copydesk-test-read-file file) "\n")))))

(defun copydesk-test-check (feature name body)
  "Run BODY, an assertion group named NAME that waits for FEATURE while it is pending."
  (let* ((err (condition-case e (progn (funcall body) nil)
                (error (error-message-string e))))
         (pending (member feature copydesk-test-pending)))
    (cond ((and pending (not err))
           (cl-incf (nth 1 copydesk-test-counts))
           (copydesk-test-out "not ok - %s: %s: passes now; remove \"%s\" from editors/test/pending"
                              copydesk-test-label name feature))
          (pending
           (cl-incf (nth 2 copydesk-test-counts))
           (copydesk-test-out "pending - %s: %s (waits for %s): %s" copydesk-test-label name feature err))
          ((not err)
           (cl-incf (nth 0 copydesk-test-counts))
           (copydesk-test-out "ok - %s: %s" copydesk-test-label name))
          (t
           (cl-incf (nth 1 copydesk-test-counts))
           (copydesk-test-out "not ok - %s: %s: %s" copydesk-test-label name err)))))

(defun copydesk-test-open (relative)
  "Visit RELATIVE (to the repository root) and connect eglot; return the buffer."
  (let ((buffer (find-file-noselect (expand-file-name relative copydesk-test-repo))))
    (with-current-buffer buffer
      (unless (eglot-current-server)
        (apply #'eglot (eglot--guess-contact)))
      (unless (eglot-current-server)
        (error "eglot did not connect to %s" copydesk-test-bin))
      (unless flymake-mode (flymake-mode 1)))
    buffer))

(defun copydesk-test-code (diag)
  "The LSP code of the flymake diagnostic DIAG."
  (plist-get (alist-get 'eglot-lsp-diag (flymake-diagnostic-data diag)) :code))

(defun copydesk-test-diagnostics (buffer code n)
  "Wait up to 10 s for N flymake diagnostics with CODE in BUFFER; return them in order."
  (with-current-buffer buffer
    (let ((deadline (+ (float-time) 10)) found)
      (while (progn
               (accept-process-output nil 0.05)
               (flymake-start)
               (setq found (seq-filter (lambda (d) (equal (copydesk-test-code d) code))
                                       (flymake-diagnostics)))
               (and (< (length found) n) (< (float-time) deadline))))
      (sort found (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))

(defun copydesk-test-assert-diagnostics (case)
  "Assert the diagnostics CASE (an entry of expect.json) describes."
  (let* ((code (alist-get 'code case))
         (want (alist-get 'diagnostics case))
         (buffer (copydesk-test-open (alist-get 'file case)))
         (found (copydesk-test-diagnostics buffer code (length want))))
    (unless (= (length found) (length want))
      (error "Expected %d %s, got %d" (length want) code (length found)))
    (with-current-buffer buffer
      (cl-loop for d in found for w in want for i from 1 do
               (let* ((beg (flymake-diagnostic-beg d))
                      (line (line-number-at-pos beg))
                      (column (save-excursion (goto-char beg) (1+ (current-column))))
                      (text (buffer-substring-no-properties beg (flymake-diagnostic-end d))))
                 (unless (= line (alist-get 'line w))
                   (error "%s #%d on line %d, expected %d" code i line (alist-get 'line w)))
                 (unless (equal text (alist-get 'text w))
                   (error "%s #%d covers \"%s\", expected \"%s\"" code i text (alist-get 'text w)))
                 (when (and (alist-get 'column w) (/= column (alist-get 'column w)))
                   (error "%s #%d at column %d, expected %d" code i column (alist-get 'column w)))
                 (when (and (alist-get 'message w)
                            (not (string-search (alist-get 'message w) (flymake-diagnostic-text d))))
                   (error "%s #%d says \"%s\", expected it to contain \"%s\""
                          code i (flymake-diagnostic-text d) (alist-get 'message w)))
                 (unless (eq (flymake-diagnostic-type d) 'eglot-warning)
                   (error "%s #%d is a %s, not a warning" code i (flymake-diagnostic-type d))))))))

(defun copydesk-test-hover-text (contents)
  "Flatten hover CONTENTS (MarkupContent, MarkedString or a vector of them) to a string."
  (cond ((stringp contents) contents)
        ((vectorp contents) (mapconcat #'copydesk-test-hover-text contents "\n"))
        ((plist-get contents :value))
        (t "")))

(defun copydesk-test-assert-hover (case)
  "Ask for the hover CASE describes and assert its content."
  (let ((buffer (copydesk-test-open (alist-get 'file case))))
    (with-current-buffer buffer
      (goto-char (point-min))
      (forward-line (1- (alist-get 'line case)))
      (unless (search-forward (alist-get 'word case) (line-end-position) t)
        (error "%s not on line %d" (alist-get 'word case) (alist-get 'line case)))
      (goto-char (1+ (match-beginning 0)))
      (let* ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                                     (eglot--TextDocumentPositionParams)))
             (text (copydesk-test-hover-text (plist-get hover :contents))))
        (dolist (want (alist-get 'contains case))
          (unless (string-search want text)
            (error "Hover lacks \"%s\"; got: %s" want text)))))))

(defun copydesk-test-main ()
  "Run every assertion group and exit with the result."
  (copydesk-test-check (alist-get 'feature (alist-get 'stray_quote copydesk-test-expect))
                       "unclosed-quote on the stray-quote fixture"
                       (lambda () (copydesk-test-assert-diagnostics
                                   (alist-get 'stray_quote copydesk-test-expect))))
  (copydesk-test-check (alist-get 'feature (alist-get 'name_spelling copydesk-test-expect))
                       "name-spelling warnings on putin-libya.txt"
                       (lambda () (copydesk-test-assert-diagnostics
                                   (alist-get 'name_spelling copydesk-test-expect))))
  (copydesk-test-check (alist-get 'feature (alist-get 'hover copydesk-test-expect))
                       "hover on \"Semenov\" in line 13 of putin-libya.txt"
                       (lambda () (copydesk-test-assert-hover (alist-get 'hover copydesk-test-expect))))
  (copydesk-test-check "lsp" "shutdown as eglot sends it (params null), then exit, ends the server"
                       (lambda ()
                         (let ((servers (apply #'append (hash-table-values eglot--servers-by-project))))
                           (unless servers (error "No server to shut down"))
                           (dolist (server servers)
                             (let ((process (jsonrpc--process server))
                                   (deadline (+ (float-time) 5)))
                               (jsonrpc-request server :shutdown nil :timeout 5)
                               (jsonrpc-notify server :exit nil)
                               (while (and (process-live-p process) (< (float-time) deadline))
                                 (accept-process-output process 0.05))
                               (when (process-live-p process)
                                 (error "Server still running 5 s after exit"))
                               (unless (eq (process-exit-status process) 0)
                                 (error "Server exited with status %s" (process-exit-status process))))))))
  (copydesk-test-out "%s: %d passed, %d failed, %d pending" copydesk-test-label
                     (nth 0 copydesk-test-counts) (nth 1 copydesk-test-counts)
                     (nth 2 copydesk-test-counts))
  (kill-emacs (if (zerop (nth 1 copydesk-test-counts)) 0 1)))

(condition-case err
    (copydesk-test-main)
  (error
   (copydesk-test-out "not ok - %s: %s" copydesk-test-label (error-message-string err))
   (kill-emacs 1)))

;;; eglot-test.el ends here
