"""Fixed Fernet keys (32 url-safe base64 bytes) for the encryption tests, none in the test settings.

A Fernet key's first 16 bytes sign and its last 16 encrypt. These keys differ in both halves, so
a token under one key never passes another key's signature check. (With a shared signing half,
about one token in 256 "decrypts" into garbage under the wrong key, and counts flake.)
"""

OLD_KEY = "b2xkLWtleS1mb3Itcm90YXRpb24tdGVzdHMtb25seSE="  # old-key-for-rotation-tests-only!
NEW_KEY = "bmV3LWtleS1mb3Itcm90YXRpb24tdGVzdHMtb25seSE="  # new-key-for-rotation-tests-only!
UNKNOWN_KEY = "dW5rbm93bi1rZXktcm90YXRpb24tdGVzdHMtb25seSE="  # unknown-key-rotation-tests-only!
