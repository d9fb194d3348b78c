"""Envelope encryption of stored secrets (directory.sealing), without a database."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from directory.sealing import NO_SEALER, Sealer, SealingError, key_id, load_sealer, new_master_key


def sealer(*keys: str) -> Sealer:
    return Sealer.from_texts(keys)


def test_a_sealed_value_opens_with_its_key_and_context_and_shows_nothing_of_itself():
    key = new_master_key()
    sealed = sealer(key).seal("whsec-plain-value", "webhook:abc")
    assert "whsec-plain-value" not in sealed and sealed.startswith(f"pd1:{key_id(sealer(key).keys[0])}:")
    assert sealer(key).open(sealed, "webhook:abc") == "whsec-plain-value"
    # Each value has a data key and nonces of its own: sealing twice gives two different values.
    assert sealer(key).seal("whsec-plain-value", "webhook:abc") != sealed


def test_a_sealed_value_does_not_open_in_another_context_or_under_another_key():
    key = new_master_key()
    sealed = sealer(key).seal("secret", "webhook:abc")
    with pytest.raises(SealingError, match="does not open"):
        sealer(key).open(sealed, "webhook:other")  # copied into another row
    with pytest.raises(SealingError, match="not configured"):
        sealer(new_master_key()).open(sealed, "webhook:abc")
    tampered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    with pytest.raises(SealingError, match="does not open"):
        sealer(key).open(tampered, "webhook:abc")
    with pytest.raises(SealingError, match="not sealed"):
        sealer(key).open("plain-text", "webhook:abc")


def test_the_first_key_seals_and_every_key_opens():
    old, new = new_master_key(), new_master_key()
    before = sealer(old).seal("secret", "c")
    both = sealer(new, old)
    assert both.open(before, "c") == "secret"
    assert both.needs_reseal(before)
    after = both.seal("secret", "c")
    assert not both.needs_reseal(after) and sealer(new).open(after, "c") == "secret"


def test_without_a_master_key_nothing_is_sealed():
    with pytest.raises(SealingError, match="No master key"):
        NO_SEALER.seal("secret", "c")


@pytest.mark.parametrize("bad", ["short", "!" * 43, new_master_key() + "AAAA"])
def test_a_malformed_master_key_is_refused(bad):
    with pytest.raises(SealingError):
        Sealer.from_texts([bad])


def test_the_embedded_default_makes_one_owner_only_key_file_even_when_processes_race(tmp_path):
    path = tmp_path / "instance" / "secrets.key"
    made: list[Sealer] = []
    threads = [threading.Thread(target=lambda: made.append(load_sealer("", path, create=True))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({s.current_id for s in made}) == 1  # every process got the same key
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["secrets.key"]  # no drafts left behind


def test_elsewhere_a_missing_key_file_is_an_error_not_a_new_key(tmp_path):
    with pytest.raises(SealingError, match="No master key"):
        load_sealer("", tmp_path / "secrets.key", create=False)
    assert not (tmp_path / "secrets.key").exists()


def test_the_environment_wins_over_the_file(tmp_path):
    key = new_master_key()
    (tmp_path / "secrets.key").write_text(new_master_key() + "\n")
    assert load_sealer(f"{key}, {new_master_key()}", tmp_path / "secrets.key", create=False).current_id == key_id(
        Sealer.from_texts([key]).keys[0]
    )
