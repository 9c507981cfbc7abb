import type { Messages } from './messages.ts';

export const fr: Messages = {
  appTitle: 'DoctorQ Réception',
  language: 'Langue',

  signInTitle: 'Connecter cette tablette',
  signInIntro: 'Connectez-vous une fois avec Internet ; la tablette fonctionne ensuite même hors ligne.',
  email: 'E-mail',
  password: 'Mot de passe',
  deviceName: 'Nom de la tablette',
  deviceNameDefault: 'Réception',
  signIn: 'Se connecter',
  signingIn: 'Connexion…',
  errBadCredentials: 'E-mail ou mot de passe incorrect.',
  errRateLimited: 'Trop de tentatives. Réessayez dans une minute.',
  errOffline: 'Pas de connexion. La première connexion demande Internet.',
  errDeviceNotAllowed: 'Ce compte ne peut pas utiliser la tablette de réception.',
  errNoClinic: "Ce compte n'a accès à aucun cabinet.",
  errServer: 'Le serveur ne répond pas correctement. Réessayez.',

  signInWays: 'Mode de connexion',
  withPassword: 'Mot de passe',
  withCode: 'Avec un code',
  enrolIntro: 'Saisissez le code affiché sur la page du propriétaire, ou scannez son QR code avec cette tablette.',
  enrolCode: "Code d'enrôlement",
  enrol: 'Enrôler cette tablette',
  enrolling: 'Enrôlement…',
  errCodeFormat: 'Un code compte 8 lettres et chiffres, par exemple ABCD-2345.',
  errInvalidCode: 'Ce code est inconnu, déjà utilisé ou expiré : demandez-en un nouveau.',
  errPlanLimit:
    "L'abonnement du cabinet ne permet pas de tablette supplémentaire : le titulaire peut révoquer un appareil inutilisé (espace titulaire, Appareils) ou changer d'offre.",
  errClinicSuspended: "L'abonnement de ce cabinet est suspendu : aucune tablette ne peut être enrôlée avant sa réactivation.",
  errEmailUnverified:
    "Le propriétaire du cabinet doit d'abord vérifier son adresse e-mail (le lien reçu à l'inscription) : aucune tablette ne peut être enrôlée avant.",

  opening: 'Ouverture de la file…',
  openFailed: "Impossible d'ouvrir les données de la tablette.",
  otherTab: 'DoctorQ est déjà ouvert dans un autre onglet ou une autre fenêtre. Fermez-le, puis réessayez.',
  retry: 'Réessayer',
  localScreen: 'Écran de salle d’attente ici',
  localScreenHint:
    'Ouvre l’écran de la salle d’attente dans une fenêtre de cet appareil (deuxième écran, télévision) : il appelle les patients même sans Internet.',

  phase: {
    connecting: 'Synchronisation…',
    online: 'En ligne',
    offline: 'Hors ligne',
    revoked: 'Révoquée',
    outdated: 'Mise à jour requise',
    stopped: 'Arrêtée',
  },
  pendingLabel: 'Non synchronisé :',
  lastSync: (time) => `Dernière synchro ${time}`,
  neverSynced: 'Jamais synchronisée',
  signOut: 'Se déconnecter',
  signOutPending: (n) => `Modifications pas encore sur le serveur : ${n}. Elles seront perdues.`,
  signOutAnyway: 'Se déconnecter quand même',
  keepWorking: 'Continuer',

  revoked: (n) => `Cette tablette a été révoquée — modifications non synchronisées : ${n}`,
  suspended: (n) =>
    `L'abonnement de ce cabinet est suspendu. La file reste consultable ici et vos modifications sont conservées sur cette tablette (non synchronisées : ${n}) ; elles seront synchronisées dès la réactivation de l'abonnement.`,
  outdated: "Mise à jour requise : rechargez l'application.",
  reload: 'Recharger',
  storageNotPersisted: "Le navigateur pourrait effacer les données de la tablette si l'espace manque. Installez l'application.",
  dismiss: 'Fermer',
  updateAvailable: 'Une mise à jour est disponible.',
  offlineReady: 'Prête à fonctionner hors ligne.',

  doctorTabs: 'Médecins',
  all: 'Tous',
  generalQueue: 'File générale',
  room: (room) => `Salle ${room}`,

  registerTitle: 'Nouveau patient',
  name: 'Nom',
  phone: 'Téléphone',
  optional: 'facultatif',
  doctor: 'Médecin',
  anyDoctor: 'Indifférent',
  urgent: 'Urgent',
  register: 'Enregistrer',
  errNameRequired: 'Indiquez le nom du patient.',
  errPhoneInvalid: 'Chiffres, espaces et + ( ) - seulement.',
  errSaveFailed: "L'enregistrement a échoué. Réessayez.",

  ticketIssued: 'Ticket',
  scanToFollow: 'Scannez pour suivre votre tour',
  aheadOfYou: (n) => `${n} avant vous`,
  nextInLine: 'Prochain patient',
  close: 'Fermer',

  waitingTitle: "En salle d'attente",
  emptyQueue: "Personne n'attend.",
  waited: (d) => `attend depuis ${d}`,
  moveUp: 'Monter',
  moveDown: 'Descendre',
  dragHandle: 'Glisser pour déplacer',
  call: 'Appeler',
  noShow: 'Absent',
  cancel: 'Annuler',

  nowServing: 'En cours',
  callNext: 'Appeler le suivant',
  nobodyCalled: 'Aucun patient appelé',
  called: 'Appelé',
  inConsultation: 'En consultation',
  start: 'Commencer',
  finish: 'Terminer',

  noShowsTitle: 'Absents',
  recall: 'Rappeler',
  setAsideTitle: 'Modifications refusées par le serveur',
  setAsideIntro:
    'Ces modifications ont été mises de côté ; tout le reste continue de se synchroniser. Corrigez et renvoyez, ou abandonnez-les pour garder la version du serveur.',
  setAsideWhat: (c, label) => `${c === 'entries' ? 'Patient' : c === 'doctors' ? 'Médecin' : 'Réglages'} ${label} :`,
  setAsideReason: (code) =>
    code === 'plan_limit'
      ? "au-delà de la limite de l'abonnement (le titulaire peut changer d'offre ou désactiver un autre médecin)."
      : code === 'invalid_document'
        ? 'non valide (nom ou téléphone trop long ou mal formé ?).'
        : code === 'too_large'
          ? 'trop volumineux.'
          : 'refusé par le serveur.',
  setAsideFix: 'Corriger',
  setAsideResend: 'Renvoyer',
  setAsideDrop: 'Abandonner',
  setAsideInvalid: 'Un nom (120 caractères au plus) et un téléphone fait de chiffres, espaces et + ( ) - seulement.',
};
